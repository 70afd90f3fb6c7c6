// @ts-check
/**
 * What the mocks answer when asked for JSON or made to call a tool: a small value that fits the given JSON
 * Schema (required and listed properties filled in, strings from `text`), so a client can parse it and
 * check it against the schema it sent.
 */

/**
 * @param {unknown} schema a JSON Schema (objects, arrays, strings, numbers, booleans, enums, const)
 * @param {string} text what string values say
 * @returns {unknown}
 */
export function sampleFor(schema, text) {
  if (typeof schema !== 'object' || schema === null) return {};
  const s = /** @type {Record<string, any>} */ (schema);
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  if (Array.isArray(s.anyOf) && s.anyOf.length > 0) return sampleFor(s.anyOf[0], text);
  const type = Array.isArray(s.type) ? s.type.find((/** @type {string} */ t) => t !== 'null') : s.type;
  switch (type) {
    case 'string':
      return text;
    case 'integer':
    case 'number':
      return typeof s.minimum === 'number' ? s.minimum : 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'array':
      return s.items ? [sampleFor(s.items, text)] : [];
    default: {
      /** @type {Record<string, unknown>} */
      const out = {};
      const properties = typeof s.properties === 'object' && s.properties !== null ? s.properties : {};
      for (const [key, value] of Object.entries(properties)) out[key] = sampleFor(value, text);
      return out;
    }
  }
}

/**
 * Cuts JSON text into `count` pieces the way a model streams it (anywhere, even inside a string).
 * @param {string} json @param {number} count
 */
export function jsonPieces(json, count) {
  const size = Math.max(1, Math.ceil(json.length / Math.max(1, count)));
  /** @type {string[]} */
  const pieces = [];
  for (let i = 0; i < json.length; i += size) pieces.push(json.slice(i, i + size));
  return pieces;
}

/** Text of a message's content: a string, or the text of its parts / blocks. @param {unknown} content */
export function contentText(content) {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((b) => (b && typeof b.text === 'string' ? b.text : b && typeof b.content === 'string' ? b.content : ''))
      .filter(Boolean)
      .join(' ');
  }
  return '';
}
