import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatRequest, StreamPart } from '../../shared/chat';
import { startOpenAIMock, type OpenAIMock } from '../../../test/mocks/openai-mock.mjs';
import { makeConfig, provider } from '../../../test/mocks/test-config';
import { DirectRouter, RouteError, type Router } from './index';

/**
 * Answers that are not what was asked for get a code and a message that say what they are: a redirect,
 * a body too large to read, a page that is not an event stream.
 */

let openai: OpenAIMock;
let router: Router;

beforeEach(async () => {
  openai = await startOpenAIMock({ apiKey: 'sk-test' });
  router = new DirectRouter(makeConfig([provider('openai', 'openai', openai.url)]));
});
afterEach(async () => {
  await router.close();
  await openai.close();
});

const ask = (stream = false): ChatRequest => ({ messages: [{ role: 'user', content: 'hi' }], stream });

const routeError = (request: ChatRequest): Promise<RouteError> =>
  router.route(request).then(
    () => Promise.reject(new Error('route() should have failed')),
    (error: unknown) => error as RouteError,
  );

async function lastPart(request: ChatRequest): Promise<StreamPart | undefined> {
  let last: StreamPart | undefined;
  for await (const part of router.stream(request)) last = part;
  return last;
}

describe('answers that are not a reply', () => {
  it('a 3xx is UPSTREAM_ERROR with the status and the host it points to, and is never followed', async () => {
    openai.behave({ status: 307, rawBody: '', headers: { location: 'https://collector.example:8443/steal?key=1' } });
    const error = await routeError(ask());
    expect(error).toMatchObject({ code: 'UPSTREAM_ERROR', retryable: false, details: { status: 307, redirectHost: 'collector.example:8443' } });
    expect(error.message).toMatch(/HTTP 307, a redirect to collector\.example:8443; Switchyard does not follow redirects/);
    // The query of the Location (which may carry a token) is not repeated.
    expect(JSON.stringify(error.details)).not.toContain('steal');
    const last = await lastPart(ask(true));
    expect(last).toMatchObject({ type: 'error', error: { code: 'UPSTREAM_ERROR', details: { status: 307 } } });
    expect(openai.chatRequests()).toHaveLength(2);
  });

  it('a relative redirect names the provider host itself; a missing Location says so', async () => {
    openai.behave([{ status: 301, rawBody: '', headers: { location: '/v2/chat' } }, { status: 302, rawBody: '' }]);
    expect((await routeError(ask())).details.redirectHost).toBe(new URL(openai.url).host);
    expect((await routeError(ask())).message).toContain('a redirect without a usable Location');
  });

  it('a JSON body over the 4 MiB cap is said to be too large (not "not valid JSON")', async () => {
    const huge = JSON.stringify({ choices: [{ message: { content: 'x'.repeat(5 * 1024 * 1024) } }] });
    openai.behave({ rawBody: huge });
    const error = await routeError(ask());
    expect(error).toMatchObject({ code: 'MALFORMED_RESPONSE', details: { limitBytes: 4 * 1024 * 1024, reason: 'body_too_large' } });
    expect(error.message).toMatch(/larger than 4194304 bytes/);
  });

  it('an HTML page with status 200 on a stream request says it is not an event stream, with its content type', async () => {
    openai.behave({ rawBody: '<html><body>Please sign in</body></html>', contentType: 'text/html; charset=utf-8' });
    const last = await lastPart(ask(true));
    expect(last).toMatchObject({ type: 'error', error: { code: 'MALFORMED_RESPONSE', details: { contentType: 'text/html; charset=utf-8' } } });
    if (last?.type === 'error') expect(last.error.message).toBe('Malformed response from provider: expected an event stream (text/event-stream) but got text/html; charset=utf-8');
  });

  it('still reads a stream request answered with one JSON body, or with an event stream lacking a content type', async () => {
    openai.behave([
      { rawBody: JSON.stringify({ choices: [{ message: { content: 'whole' }, finish_reason: 'stop' }] }) },
      { rawBody: 'data: {"choices":[{"delta":{"content":"bare"},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n', contentType: '' },
    ]);
    expect(await lastPart(ask(true))).toMatchObject({ type: 'finish', response: { content: 'whole' } });
    expect(await lastPart(ask(true))).toMatchObject({ type: 'finish', response: { content: 'bare' } });
  });
});
