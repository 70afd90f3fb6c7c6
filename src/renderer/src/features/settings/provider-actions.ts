import type { SwitchyardBridge } from '../../../../shared/api';
import type { ProviderFileEntry } from '../../../../shared/config-schema';

/**
 * Writes one provider into the config file, keeping what the form does not show (headers, prices,
 * timeouts, a literal key on record), then stores a typed key in the OS keychain (Electron).
 */
export async function saveProvider(
  bridge: SwitchyardBridge,
  name: string,
  entry: Partial<ProviderFileEntry>,
  previous: ProviderFileEntry | undefined,
  keyToStore: string | undefined,
): Promise<void> {
  const view = await bridge.settings.get();
  const merged = { ...(previous ?? {}), ...entry };
  // A base URL or default model cleared in the form is removed, not kept from before.
  if (entry.base_url === undefined) delete merged.base_url;
  if (entry.default_model === undefined) delete merged.default_model;
  await bridge.settings.save({ config: { ...view.config, providers: { ...view.config.providers, [name]: merged } } });
  if (keyToStore) await bridge.secrets.set({ name, value: keyToStore });
}

/** Removes a provider from the config file, and its stored key first (once removed, the name is unknown). */
export async function deleteProvider(bridge: SwitchyardBridge, name: string): Promise<void> {
  if (bridge.transport === 'electron') {
    const status = await bridge.secrets.status();
    if (status.secrets.some((s) => s.name === name && s.source === 'safeStorage')) await bridge.secrets.clear({ name });
  }
  const view = await bridge.settings.get();
  const { [name]: _removed, ...providers } = view.config.providers;
  await bridge.settings.save({ config: { ...view.config, providers } });
}
