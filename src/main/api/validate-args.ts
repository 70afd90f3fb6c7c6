import type { z } from 'zod';
import { MAX_REQUEST_BYTES } from '../../shared/api-transport';
import { SwitchyardError } from '../../shared/errors';

/**
 * Arguments arrive as `unknown` from the renderer or a browser. They must be plain JSON of a bounded size
 * and match the method's schema; otherwise VALIDATION_FAILED names the first offending field.
 */

export function checkPayloadSize(args: unknown, limit = MAX_REQUEST_BYTES): void {
  let size: number;
  try {
    size = args === undefined ? 0 : Buffer.byteLength(JSON.stringify(args) ?? '');
  } catch {
    throw new SwitchyardError('VALIDATION_FAILED', 'arguments must be plain JSON data', { details: { field: '' } });
  }
  if (size > limit) {
    throw new SwitchyardError('VALIDATION_FAILED', `arguments are too large (${size} bytes; the limit is ${limit})`, {
      details: { field: '', size, limit },
    });
  }
}

export function parseArgs<S extends z.ZodType>(schema: S, args: unknown, method: string): z.output<S> {
  const result = schema.safeParse(args);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const field = keys.length > 0 ? [path, keys[0]].filter(Boolean).join('.') : path;
    const message = issue.code === 'unrecognized_keys' ? `unknown field "${keys.join('", "')}"` : issue.message;
    return { field, message };
  });
  const first = issues[0] ?? { field: '', message: 'invalid arguments' };
  throw new SwitchyardError('VALIDATION_FAILED', `${method}: ${first.field || 'arguments'}: ${first.message}`, {
    details: { field: first.field, issues },
  });
}
