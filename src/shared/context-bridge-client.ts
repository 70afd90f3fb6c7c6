import type { SwitchyardBridge } from './api';
import { API_METHOD_NAMES } from './api-transport';
import { decodeContextBridgeError } from './bridge-builder';

/**
 * window.switchyard as the page receives it through contextBridge: errors crossing contextBridge keep only
 * their message, so the preload encodes the whole error there and this wrapper restores the
 * SwitchyardError (code, retryable, details) before the UI sees it.
 */
export function wrapElectronBridge(raw: SwitchyardBridge): SwitchyardBridge {
  const groups: Record<string, Record<string, (args?: unknown) => Promise<unknown>>> = {};
  const rawGroups = raw as unknown as Record<string, Record<string, (args?: unknown) => Promise<unknown>>>;
  for (const method of API_METHOD_NAMES) {
    const [group, name] = method.split('.') as [string, string];
    groups[group] ??= {};
    groups[group][name] = async (args?: unknown) => {
      try {
        return await rawGroups[group]![name]!(args);
      } catch (error) {
        throw decodeContextBridgeError(error);
      }
    };
  }
  return {
    ...(groups as unknown as Omit<SwitchyardBridge, 'streamChat' | 'on' | 'transport'>),
    streamChat: (input, onPart) => raw.streamChat(input, onPart),
    on: (event, handler) => raw.on(event, handler),
    transport: 'electron',
  };
}
