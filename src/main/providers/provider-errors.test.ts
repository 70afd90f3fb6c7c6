import { describe, expect, it } from 'vitest';
import { Redactor } from '../logging/redact';
import { leakedPrefix } from '../../../test/support/key-prefix';
import { errorFromResponse, isRetryableStatus, parseProviderError, parseRetryAfter, redactProviderText } from './provider-errors';

const ctx = { url: 'http://127.0.0.1:1/v1/chat/completions', target: 'openai', now: Date.parse('2026-01-01T00:00:00Z') };

describe('provider errors', () => {
  it('reads OpenAI, Anthropic, Plano JSON and plain-text error bodies', () => {
    expect(parseProviderError('{"error":{"message":"bad key","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}')).toEqual({
      message: 'bad key',
      type: 'invalid_request_error',
      code: 'invalid_api_key',
    });
    expect(parseProviderError('{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}')).toEqual({
      message: 'Overloaded',
      type: 'overloaded_error',
    });
    expect(parseProviderError('{"error":{"code":"GATEWAY","message":"no route","details":{"x":1}}}')).toEqual({
      message: 'no route',
      code: 'GATEWAY',
      details: { x: 1 },
    });
    expect(parseProviderError('{"error":"plain string"}')).toEqual({ message: 'plain string' });
    expect(parseProviderError('{"detail":"fastapi style"}')).toEqual({ message: 'fastapi style' });
    expect(parseProviderError('Failed to send request: connection refused')).toEqual({ message: 'Failed to send request: connection refused' });
    expect(parseProviderError('[1,2]')).toEqual({ message: '[1,2]' });
    expect(parseProviderError('')).toEqual({});
  });

  it('maps statuses to stable codes with the provider message and retryability', () => {
    const auth = errorFromResponse(401, '{"error":{"message":"Incorrect API key provided"}}', undefined, ctx);
    expect(auth).toMatchObject({ code: 'AUTH_FAILED', retryable: false });
    expect(auth.details).toMatchObject({ status: 401, providerMessage: 'Incorrect API key provided' });
    expect(auth.message).toContain('Incorrect API key provided');
    expect(errorFromResponse(403, '', undefined, ctx).code).toBe('AUTH_FAILED');

    const limited = errorFromResponse(429, '{}', '3', ctx);
    expect(limited).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
    expect(limited.details.retryAfterMs).toBe(3000);

    expect(errorFromResponse(408, '', undefined, ctx)).toMatchObject({ code: 'TIMEOUT', retryable: true, details: { timeout: 'upstream' } });
    expect(errorFromResponse(409, '', undefined, ctx)).toMatchObject({ code: 'UPSTREAM_ERROR', retryable: true });
    expect(errorFromResponse(400, 'nope', undefined, ctx)).toMatchObject({ code: 'UPSTREAM_ERROR', retryable: false, details: { status: 400, providerMessage: 'nope' } });
    expect(errorFromResponse(404, '', undefined, ctx)).toMatchObject({ code: 'UPSTREAM_ERROR', retryable: false });
    expect(errorFromResponse(529, '', undefined, ctx)).toMatchObject({ code: 'UPSTREAM_ERROR', retryable: true });
    expect(errorFromResponse(503, '', '2', ctx).details.retryAfterMs).toBe(2000);
    expect(errorFromResponse(400, "Model 'x/y' not found in configured providers", undefined, ctx).code).toBe('PROVIDER_NOT_FOUND');
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('2', ctx.now)).toBe(2000);
    expect(parseRetryAfter('0.5', ctx.now)).toBe(500);
    expect(parseRetryAfter(new Date(ctx.now + 7000).toUTCString(), ctx.now)).toBe(7000);
    expect(parseRetryAfter(new Date(ctx.now - 7000).toUTCString(), ctx.now)).toBe(0);
    expect(parseRetryAfter('soon', ctx.now)).toBeUndefined();
    expect(parseRetryAfter(undefined, ctx.now)).toBeUndefined();
  });

  it('follows the Vercel AI SDK retry rule', () => {
    expect([408, 409, 429, 500, 502, 503, 529].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 403, 404, 422].some(isRetryableStatus)).toBe(false);
  });
});

describe('provider text is redacted before it is cut', () => {
  // One key shaped like a credential, one that only the config knows to be a key (a local server's).
  const keys = ['sk-test-SEcRET-0123456789abcdefghij', 'ollama-local-7f3a9c2e8d1b4a6f0e5c'];

  it('for every position of the key relative to every cut, no prefix of 8 characters or more survives', () => {
    for (const key of keys) {
      const redactor = new Redactor([key]);
      for (let pad = 0; pad <= 2100; pad++) {
        const said = `Incorrect API key provided: ${'x'.repeat(pad)}${key} is not valid. ${'y'.repeat(300)}`;
        for (const body of [JSON.stringify({ error: { message: said, type: 'invalid_request_error' } }), said]) {
          const error = redactProviderText(errorFromResponse(401, body, undefined, ctx), redactor);
          const text = JSON.stringify({ message: error.message, details: error.details });
          expect(leakedPrefix(text, key), `key after ${pad} characters`).toBeUndefined();
        }
      }
    }
  });

  it('still cuts: message, provider message and body stay short, and the provider words up to the cut are kept', () => {
    const error = redactProviderText(errorFromResponse(500, 'z'.repeat(100_000), undefined, ctx), new Redactor([]));
    expect(error.message.length).toBeLessThanOrEqual(601);
    expect((error.details.providerMessage as string).length).toBeLessThanOrEqual(501);
    expect(error.details.body).toBe(`${'z'.repeat(2000)}…`);
    expect(error.details).toMatchObject({ status: 500, target: 'openai' });
  });
});
