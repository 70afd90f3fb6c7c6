import { Document } from 'yaml';
import { configFileSchema, type ConfigFile, type ConfigFileInput } from '../../shared/config-schema';

/** Writing the config back to YAML (the settings store) and the defaults a fresh install starts from. */

const HEADER = [
  ' Switchyard configuration. Durations: 500ms, 30s, 1m, 1h. Keys may be $ENV_VAR references.',
  ' Edited by the app (Settings) and by hand; comments are not preserved when the app saves.',
].join('\n');

/** YAML text that parses back (parseConfigText) to an equal ConfigFile. */
export function serializeConfig(file: ConfigFile | ConfigFileInput): string {
  // Re-parse so a partial input is written with its defaults: the file on disk is then self-describing.
  const complete = configFileSchema.parse(file);
  const doc = new Document(complete);
  doc.commentBefore = HEADER;
  return doc.toString({ lineWidth: 0 });
}

/** Mode direct, no providers, Plano defaults from its 0.4.36 release (port 12000, /healthz, /v1/models). */
export function defaultConfigFile(): ConfigFile {
  return configFileSchema.parse({});
}
