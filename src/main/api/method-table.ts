import type { z } from 'zod';
import type { ApiMethodName } from '../../shared/api';
import { SwitchyardError } from '../../shared/errors';
import { exportConversation } from '../stores/history-export';
import { secretNames, secretsView } from '../stores/secrets-store';
import type { ApiServices } from './api-services';
import { readErrorLog } from './error-log';
import { routesFromPlanoConfig } from './gateway-routes';
import { METHOD_SCHEMAS, type MethodResult } from './method-schemas';
import { probeProvider, resolveProbeTarget } from './provider-probe';

/**
 * Every API method: its schema (from METHOD_SCHEMAS) and its handler, in one table. Handlers receive
 * validated arguments, and a signal that aborts when the caller goes away (when its transport can tell);
 * both transports reach them only through the API core.
 */
export type MethodHandlers = {
  [M in ApiMethodName]: (args: z.output<(typeof METHOD_SCHEMAS)[M]>, signal?: AbortSignal) => Promise<MethodResult<M>> | MethodResult<M>;
};

export function createMethodHandlers(s: ApiServices): MethodHandlers {
  return {
    'chat.send': (input, signal) => s.chat.send(input, signal),

    'router.state': () => s.router.state(),
    'router.setMode': ({ mode }) => s.router.setMode(mode),
    'router.updateModeSettings': ({ mode, settings }) => s.router.updateModeSettings(mode, settings),
    'router.listModels': () => s.router.listModels(),

    'gateway.status': () => s.gateway.status(),
    'gateway.start': async () => {
      await s.gateway.start();
      return s.gateway.status();
    },
    'gateway.stop': async () => {
      await s.gateway.stop();
      return s.gateway.status();
    },
    'gateway.restart': async () => {
      await s.gateway.restart();
      return s.gateway.status();
    },
    'gateway.logs': ({ sinceSeq }) => s.gateway.logs(sinceSeq),
    'gateway.config': async () => {
      const yaml = await s.gateway.generatedConfig();
      return { yaml, routes: routesFromPlanoConfig(yaml) };
    },
    'gateway.inspect': async () => (await s.gateway.inspect()) ?? null,

    'providers.test': (target) => probeProvider(resolveProbeTarget(target, s.runtime.get(), s.env), s.probeFetch),
    'providers.models': async (target) => {
      const check = await probeProvider(resolveProbeTarget(target, s.runtime.get(), s.env), s.probeFetch);
      if (!check.ok) throw new SwitchyardError(check.code ?? 'UPSTREAM_ERROR', check.message, { details: { url: check.url, ...(check.status ? { status: check.status } : {}) } });
      return check.models;
    },

    'settings.get': () => s.settings.view(),
    'settings.validate': ({ config }) => {
      const { ok, problems } = s.settings.validate(config);
      return { ok, problems };
    },
    'settings.save': ({ config }) => s.settings.save(config),

    'secrets.status': () => secretsView(s.runtime.file(), s.secrets, s.env),
    'secrets.set': async ({ name, value }) => {
      requireSecretName(s, name);
      await s.secrets.set(name, value);
      s.configChanged();
      return secretsView(s.runtime.file(), s.secrets, s.env);
    },
    'secrets.clear': async ({ name }) => {
      requireSecretName(s, name);
      await s.secrets.clear(name);
      s.configChanged();
      return secretsView(s.runtime.file(), s.secrets, s.env);
    },

    'history.list': () => s.history.list(),
    'history.get': ({ id }) => s.history.get(id),
    'history.rename': async ({ id, title }) => {
      const summary = await s.history.rename(id, title);
      s.events.emit('history.changed', { conversationId: id });
      return summary;
    },
    'history.pin': async ({ id, pinned }) => {
      const summary = await s.history.pin(id, pinned);
      s.events.emit('history.changed', { conversationId: id });
      return summary;
    },
    'history.search': ({ query }) => s.history.search(query),
    'history.selectVersion': async ({ id, messageId, version }) => {
      const conversation = await s.history.selectVersion(id, messageId, version);
      s.events.emit('history.changed', { conversationId: id });
      return conversation;
    },
    'history.delete': async ({ id }) => {
      await s.history.delete(id);
      s.events.emit('history.changed', { conversationId: id });
    },
    'history.export': ({ id, format }) => exportConversation(s.history.get(id), format),

    'endpoint.status': () => s.endpoint.status(),
    'endpoint.setEnabled': ({ enabled }) => s.endpoint.setEnabled(enabled),
    'endpoint.revealKey': async () => ({ key: await s.endpoint.revealKey() }),
    'endpoint.regenerateKey': () => s.endpoint.regenerateKey(),

    'traffic.list': () => s.traffic.view(),
    'traffic.get': ({ id }) => s.traffic.get(id),
    'traffic.clear': async () => {
      await s.traffic.clear();
      s.events.emit('traffic.cleared', {});
      return s.traffic.view();
    },
    'traffic.setPersist': async ({ persist }) => {
      if (persist !== s.runtime.file().traffic.persist) {
        await s.settings.change((file) => (file.traffic.persist = persist));
        await s.traffic.persistChanged();
      }
      return s.traffic.view();
    },
    'traffic.export': () => s.traffic.export(),

    'app.errorLog': async () => ({ path: s.errorLog.path, entries: readErrorLog(await s.errorLog.tail(ERROR_LOG_SCAN_LINES)) }),
    'app.openErrorLog': async () => {
      await s.openPath?.(s.errorLog.path);
    },
  };
}

/** Lines of the log scanned for errors and warnings (info lines are skipped). */
const ERROR_LOG_SCAN_LINES = 2000;

function requireSecretName(s: ApiServices, name: string): void {
  const known = secretNames(s.runtime.file());
  if (!known.includes(name)) {
    throw new SwitchyardError('VALIDATION_FAILED', `name: "${name}" is not a configured provider (known: ${known.join(', ')})`, {
      details: { field: 'name', known },
    });
  }
}
