import type { ServerResponse } from 'node:http';

/**
 * A controller aborted when the caller of one of our loopback servers goes away before its answer is
 * written in full, so the work done for it (an upstream request) stops too. It watches the response's
 * 'close', which fires when the connection closes or the answer is done: the request's 'close' fires as
 * soon as its body has been read (Node 16+), long before the caller leaves. One controller and one
 * listener per request, nothing more: this is on the endpoint's hot path.
 */
export function abortWhenClientLeaves(res: ServerResponse): AbortController {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller;
}
