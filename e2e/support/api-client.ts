import type { SwitchyardApi } from '../../src/shared/api';
import { TOKEN_HEADER } from '../../src/shared/api-transport';
import type { ServeHandle } from './serve-process';

type Methods = {
  [N in keyof SwitchyardApi]: { [M in keyof SwitchyardApi[N] & string]: [`${N & string}.${M}`, SwitchyardApi[N][M]] }[keyof SwitchyardApi[N] & string];
}[keyof SwitchyardApi];
type MethodName = Methods[0];
type MethodOf<Name extends MethodName> = Extract<Methods, [Name, unknown]>[1];
type ResultOf<Name extends MethodName> = MethodOf<Name> extends (...args: never[]) => Promise<infer R> ? R : never;
type ArgsOf<Name extends MethodName> = MethodOf<Name> extends (...args: infer A) => unknown ? A : never;

/**
 * Calls the app's API as the page does (POST /api/<method> with the session token), for checks a user makes
 * outside the page — e.g. reading the gateway's container id before killing it from the outside.
 */
export async function callApi<Name extends MethodName>(handle: ServeHandle, method: Name, ...args: ArgsOf<Name>): Promise<ResultOf<Name>> {
  const response = await fetch(`${handle.origin}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [TOKEN_HEADER]: handle.token },
    body: JSON.stringify(args[0] ?? null),
  });
  const envelope = (await response.json()) as { result?: ResultOf<Name>; error?: { code: string; message: string } };
  if (envelope.error) throw new Error(`${method}: ${envelope.error.code} ${envelope.error.message}`);
  return envelope.result as ResultOf<Name>;
}
