/**
 * Embedded Plano: a supervised gateway container. The app's gateway service (api/gateway-service.ts) owns
 * one (status/start/stop/restart/logs/configYaml, and `on('event' | 'status' | 'log' | 'stats' | 'pull' |
 * 'health', ...)`) and hands it to embedded routers as their gateway target.
 */
export { GatewaySupervisor } from './supervisor';
export type { GatewayHealthSource, GatewaySupervisorOptions } from './supervisor';
export type { SupervisorEvents } from './gateway-state';
export { DockerEngine, createDockerClient, START_ENGINE_HINT } from './docker-engine';
export type { ContainerEngine, EngineEvent, ContainerState, ManagedContainerInfo } from './container-engine';
export { generatePlanoConfig, PLANO_CONFIG_CONTAINER_PATH } from './plano-config';
export { MANAGED_LABEL, CONFIG_HASH_LABEL, PORT_LABEL } from './container-spec';
