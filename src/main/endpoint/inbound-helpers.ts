import { SwitchyardError } from '../../shared/errors';
import { isRecord } from '../providers/openai-chat-request';

/** A request the endpoint cannot read, naming the field as the client wrote it. */
export function badField(wireField: string, problem: string): SwitchyardError {
  return new SwitchyardError('INVALID_REQUEST', `${wireField}: ${problem}`, { details: { field: wireField, wireField } });
}

/** An optional string field: absent is '', anything else but a string is refused (never "[object Object]"). */
export function optionalString(value: unknown, at: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw badField(at, 'must be a string');
  return value;
}

/** Text content: a string, or a list of text blocks (`types` name the block types that carry text) joined. */
export function textOf(content: unknown, at: string, types: string[]): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) throw badField(at, 'must be a string or a list of text parts');
  return content
    .map((part: unknown, j) => {
      const type = isRecord(part) ? part.type : undefined;
      if (!isRecord(part) || typeof type !== 'string' || !types.includes(type)) throw badField(`${at}[${j}]`, `must be a part of type ${types.join(' or ')}`);
      const text = part[type === 'refusal' ? 'refusal' : 'text'];
      if (typeof text !== 'string') throw badField(`${at}[${j}].${type === 'refusal' ? 'refusal' : 'text'}`, 'must be a string');
      return text;
    })
    .join('');
}
