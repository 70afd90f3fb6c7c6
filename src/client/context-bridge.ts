import type { SwitchyardBridge } from '../shared/api';
import { deserializeError, isSerializedError, SwitchyardError } from '../shared/errors';
import { buildApiMethods } from './bridge-builder';

/**
 * Electron's contextBridge keeps only the message of an Error that crosses into the page, so the preload
 * puts the whole serialized error in the message and the page's bridge (connectBridge) decodes it.
 */
const CONTEXT_BRIDGE_ERROR_PREFIX = '\u0000switchyard-error:';

export function encodeErrorForContextBridge(error: SwitchyardError): Error {
  const encoded = new SwitchyardError(error.code, error.message, { retryable: error.retryable, details: error.details });
  encoded.message = `${CONTEXT_BRIDGE_ERROR_PREFIX}${JSON.stringify(error.toJSON())}`;
  return encoded;
}

export function decodeContextBridgeError(error: unknown): unknown {
  if (error instanceof SwitchyardError && !error.message.startsWith(CONTEXT_BRIDGE_ERROR_PREFIX)) return error;
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : undefined;
  const at = message?.indexOf(CONTEXT_BRIDGE_ERROR_PREFIX) ?? -1;
  if (message === undefined || at < 0) return error;
  try {
    const parsed: unknown = JSON.parse(message.slice(at + CONTEXT_BRIDGE_ERROR_PREFIX.length));
    return isSerializedError(parsed) ? deserializeError(parsed) : error;
  } catch {
    return error;
  }
}

/**
 * window.switchyard as the page receives it through contextBridge: errors crossing contextBridge keep only
 * their message, so the preload encodes the whole error there and this wrapper restores the
 * SwitchyardError (code, retryable, details) before the UI sees it.
 */
export function wrapElectronBridge(raw: SwitchyardBridge): SwitchyardBridge {
  const groups = raw as unknown as Record<string, Record<string, (args?: unknown) => Promise<unknown>>>;
  const api = buildApiMethods(async (method, args) => {
    const [group, name] = method.split('.') as [string, string];
    try {
      return await groups[group]![name]!(args);
    } catch (error) {
      throw decodeContextBridgeError(error);
    }
  });
  return {
    ...api,
    streamChat: (input, onPart) => raw.streamChat(input, onPart),
    on: (event, handler) => raw.on(event, handler),
    transport: 'electron',
  };
}
