import { z } from 'zod';
import type { ApiMethodName, SwitchyardApi } from '../../shared/api';
import { ROUTING_MODES } from '../../shared/chat';
import { chatRequestSchema } from '../../shared/chat-schema';
import { providerSchema } from '../../shared/config-schema';

/**
 * The argument schema of every API method, written once: both transports validate through these (via
 * the API core), so IPC and browser mode accept and reject exactly the same things. Objects are strict:
 * an unexpected key is a mistake worth naming, not something to ignore.
 */

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an id (letters, digits, - and _)');
const name = z.string().min(1).max(100);

/** Methods without arguments accept nothing, null or an empty object. */
const noArgs = z.preprocess((v) => (v === null ? undefined : v), z.strictObject({}).optional());

export const chatInputSchema = z.strictObject({
  conversationId: id.optional(),
  replaceFromMessageId: id.optional(),
  request: chatRequestSchema,
  mode: z.enum(ROUTING_MODES).optional(),
  ephemeral: z.boolean().optional(),
});

/** A provider being added or edited: the config file's own rules for type, URL and headers. */
const providerDraft = z.strictObject({
  type: providerSchema.shape.type,
  base_url: providerSchema.shape.base_url,
  api_key: z.string().max(4096).optional(),
  headers: z.record(z.string().max(200), z.string().max(4096)).optional(),
});

const providerTarget = z
  .strictObject({ name: name.optional(), draft: providerDraft.optional() })
  .refine((v) => v.name !== undefined || v.draft !== undefined, { message: 'give a provider name or a draft', path: ['name'] });

type MethodOf<M extends ApiMethodName> = M extends `${infer G extends keyof SwitchyardApi}.${infer N}`
  ? N extends keyof SwitchyardApi[G]
    ? SwitchyardApi[G][N]
    : never
  : never;

/** The argument type of a method (`undefined` for methods without one). */
export type MethodArgs<M extends ApiMethodName> = MethodOf<M> extends (input: infer A) => unknown ? A : undefined;
/** The resolved result type of a method. */
export type MethodResult<M extends ApiMethodName> = MethodOf<M> extends (...args: never[]) => Promise<infer R> ? R : never;

export const METHOD_SCHEMAS = {
  'chat.send': chatInputSchema,
  'router.state': noArgs,
  'router.setMode': z.strictObject({ mode: z.enum(ROUTING_MODES) }),
  'router.updateModeSettings': z.strictObject({ mode: z.enum(ROUTING_MODES), settings: z.unknown() }),
  'router.listModels': noArgs,
  'gateway.status': noArgs,
  'gateway.start': noArgs,
  'gateway.stop': noArgs,
  'gateway.restart': noArgs,
  'gateway.logs': z.preprocess(
    (v) => (v === null || v === undefined ? {} : v),
    z.strictObject({ sinceSeq: z.number().int().min(0).optional() }),
  ),
  'gateway.config': noArgs,
  'gateway.inspect': noArgs,
  'providers.test': providerTarget,
  'providers.models': providerTarget,
  'settings.get': noArgs,
  'settings.validate': z.strictObject({ config: z.unknown() }),
  'settings.save': z.strictObject({ config: z.unknown() }),
  'secrets.status': noArgs,
  'secrets.set': z.strictObject({
    name,
    value: z
      .string()
      .transform((v) => v.trim())
      .pipe(z.string().min(1, 'must not be empty').max(4096).regex(/^\S+$/, 'must not contain spaces or line breaks')),
  }),
  'secrets.clear': z.strictObject({ name }),
  'history.list': noArgs,
  'history.get': z.strictObject({ id }),
  'history.rename': z.strictObject({ id, title: z.string().min(1).max(200) }),
  'history.pin': z.strictObject({ id, pinned: z.boolean() }),
  'history.search': z.strictObject({ query: z.string().max(500) }),
  'history.selectVersion': z.strictObject({ id, messageId: id, version: z.number().int().min(0).max(10_000) }),
  'history.delete': z.strictObject({ id }),
  'history.export': z.strictObject({ id, format: z.enum(['markdown', 'json']) }),
  'endpoint.status': noArgs,
  'endpoint.setEnabled': z.strictObject({ enabled: z.boolean() }),
  'endpoint.revealKey': noArgs,
  'endpoint.regenerateKey': noArgs,
  'traffic.list': noArgs,
  'traffic.get': z.strictObject({ id }),
  'traffic.clear': noArgs,
  'traffic.setPersist': z.strictObject({ persist: z.boolean() }),
  'traffic.export': noArgs,
  'app.errorLog': noArgs,
  'app.openErrorLog': noArgs,
} satisfies Record<ApiMethodName, z.ZodType>;
