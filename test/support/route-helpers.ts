import type { ChatRequest, StreamPart } from '../../src/shared/chat';
import type { RouteError, Router } from '../../src/main/routing';

/** What `router.route` rejected with (the error and its trace); fails the test if it succeeded. */
export async function routeError(router: Router, request: ChatRequest, signal?: AbortSignal): Promise<RouteError> {
  try {
    await router.route(request, signal === undefined ? {} : { signal });
  } catch (error) {
    return error as RouteError;
  }
  throw new Error('route() should have failed');
}

/** Every part of a stream, in order. */
export async function collect(parts: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const out: StreamPart[] = [];
  for await (const part of parts) out.push(part);
  return out;
}
