import type { SwitchyardConfig } from '../../shared/config';
import type { ConfigFile } from '../../shared/config-schema';
import { resolveConfig } from '../config/resolve-config';
import { secretValues } from '../config/secret-values';
import { literalSecrets } from '../stores/config-masking';
import { applySecrets, type SecretsBackend } from '../stores/secrets-store';
import type { SettingsStore } from '../stores/settings-store';

/**
 * The runtime config: the settings file resolved against the environment with stored keys merged in.
 * This is the only place keys and config meet, and it never leaves main.
 */
export class RuntimeConfig {
  private cached: { file: ConfigFile; config: SwitchyardConfig; secretValues?: readonly string[] } | undefined;

  constructor(
    private readonly settings: SettingsStore,
    private readonly secrets: SecretsBackend,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  get(): SwitchyardConfig {
    if (!this.cached) {
      const file = this.settings.file();
      this.cached = { file, config: applySecrets(resolveConfig(file, this.env), file, this.secrets, this.env) };
    }
    return this.cached.config;
  }

  file(): ConfigFile {
    this.get();
    return this.cached!.file;
  }

  /** Settings or keys changed. */
  invalidate(): void {
    this.cached = undefined;
  }

  /** Every key value main knows of, for scrubbing outgoing data: the same list until settings or keys change. */
  secretValues(): readonly string[] {
    this.get();
    return (this.cached!.secretValues ??= [...secretValues(this.cached!.config), ...literalSecrets(this.cached!.file)]);
  }
}
