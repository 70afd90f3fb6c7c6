export { appDataDir, appPaths, resolveConfigPath, type AppPaths } from './app-paths';
export {
  configInvalid,
  formatProblem,
  loadConfig,
  loadConfigFile,
  parseConfigText,
  validateConfigText,
  validateConfigValue,
  type ConfigValidation,
  type LoadedConfigFile,
} from './load-config';
export {
  DEFAULT_BACKOFF_BASE_MS,
  DEFAULT_BACKOFF_MAX_MS,
  PLANO_PROVIDERS,
  WELL_KNOWN_BASE_URLS,
  envReferenceName,
  planoProviderFor,
  resolveConfig,
  resolveSecret,
} from './resolve-config';
export { secretValues } from './secret-values';
export { defaultConfigFile, serializeConfig } from './serialize-config';
