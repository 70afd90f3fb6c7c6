import { describe, expect, it } from 'vitest';
import { provider } from '../../../test/mocks/test-config';
import { buildDirectPlan } from './direct-plan';
import type { ResolvedRequest } from './resolve-request';

const resolvedFor = (p: ReturnType<typeof provider>, extra: Partial<ResolvedRequest['wire']> = {}): ResolvedRequest => ({
  provider: p,
  model: 'm',
  wire: { model: 'm', messages: [{ role: 'user', content: 'hi' }], ...extra },
});

describe('buildDirectPlan', () => {
  it('asks for SSE only when streaming, and puts each request in its own body', () => {
    const openai = provider('openai', 'openai', 'http://127.0.0.1:1/v1/', { apiKey: 'sk-1' });
    const plain = buildDirectPlan(openai, resolvedFor(openai, { temperature: 0.5 }), false);
    const streamed = buildDirectPlan(openai, resolvedFor(openai), true);
    expect(plain.url).toBe('http://127.0.0.1:1/v1/chat/completions');
    expect(plain.headers).toMatchObject({ accept: 'application/json', authorization: 'Bearer sk-1' });
    expect(streamed.headers).toMatchObject({ accept: 'text/event-stream' });
    expect(plain.body).toEqual({ model: 'm', messages: [{ role: 'user', content: 'hi' }], temperature: 0.5 });
    expect(streamed.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(streamed.body).not.toHaveProperty('temperature');
  });

  it('follows a provider edited in place (new key, new URL) instead of reusing stale headers', () => {
    const claude = provider('claude', 'anthropic', 'http://127.0.0.1:1', { apiKey: 'old' });
    expect(buildDirectPlan(claude, resolvedFor(claude), false).headers['x-api-key']).toBe('old');
    claude.apiKey = 'new';
    claude.baseUrl = 'http://127.0.0.1:2';
    const plan = buildDirectPlan(claude, resolvedFor(claude), false);
    expect(plan.headers['x-api-key']).toBe('new');
    expect(plan.url).toBe('http://127.0.0.1:2/v1/messages');
  });

  it('shares one frozen header set between plans, so no request can change another one', () => {
    const openai = provider('openai', 'openai', 'http://127.0.0.1:1/v1', { headers: { 'X-Org': 'acme' } });
    const a = buildDirectPlan(openai, resolvedFor(openai), false);
    const b = buildDirectPlan(openai, resolvedFor(openai), false);
    expect(a.headers).toBe(b.headers);
    expect(Object.isFrozen(a.headers)).toBe(true);
    expect(a.headers['x-org']).toBe('acme');
  });
});
