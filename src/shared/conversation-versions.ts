import type { StoredMessage } from './api';

/**
 * Versions of a turn, as Open WebUI and LM Studio keep them: regenerating a reply or editing a message does
 * not drop what was there; the old tail (that message and everything after it) becomes another version of
 * the turn, and the user can page between them (‹1/2›). The conversation's `messages` is always the path
 * shown; the versions not shown hang off the first message of their turn. Pure functions over plain data,
 * used by the history store and by the renderer's fake bridge alike.
 */

/** A tail worth keeping as a version: it holds an answer, text or tool calls (a failed attempt with neither is not). */
export function holdsAnswer(tail: StoredMessage[]): boolean {
  return tail.some((m) => m.role === 'assistant' && (m.content.length > 0 || (m.toolCalls?.length ?? 0) > 0) && m.status !== 'pending');
}

function withoutVersions(tail: StoredMessage[]): StoredMessage[] {
  if (tail.length === 0) return tail;
  const [head, ...rest] = tail;
  const { versions: _versions, ...plain } = head!;
  return [plain, ...rest];
}

/** Every version of the turn that starts at `messages[at]`, in order, and which one is shown. */
export function allVersions(messages: StoredMessage[], at: number): { tails: StoredMessage[][]; shown: number } {
  const tail = messages.slice(at);
  const versions = tail[0]?.versions;
  if (!versions) return { tails: [tail], shown: 0 };
  const tails = [...versions.others];
  const shown = Math.min(Math.max(0, versions.index), tails.length);
  tails.splice(shown, 0, withoutVersions(tail));
  return { tails, shown };
}

/**
 * Cuts the path at `at` for a new version of that turn. Returns the messages to keep and a `finish` that,
 * once the new messages are appended, records the earlier versions on the new turn's first message.
 */
export function branchAt(messages: StoredMessage[], at: number): { kept: StoredMessage[]; finish(path: StoredMessage[]): void } {
  const { tails, shown } = allVersions(messages, at);
  const earlier = holdsAnswer(tails[shown]!) ? tails : tails.filter((_, i) => i !== shown);
  return {
    kept: messages.slice(0, at),
    finish(path) {
      const head = path[at];
      if (!head || earlier.length === 0) return;
      head.versions = { index: earlier.length, others: earlier };
    },
  };
}

/** The path with version `version` of the turn at `at` shown instead; undefined when there is no such version. */
export function selectVersion(messages: StoredMessage[], at: number, version: number): StoredMessage[] | undefined {
  const { tails, shown } = allVersions(messages, at);
  if (!Number.isInteger(version) || version < 0 || version >= tails.length) return undefined;
  if (version === shown) return messages;
  const chosen = structuredClone(tails[version]!);
  const others = tails.filter((_, i) => i !== version);
  chosen[0] = { ...chosen[0]!, versions: { index: version, others } };
  return [...messages.slice(0, at), ...chosen];
}

/** The text of the first user message on the path (what an untitled conversation is named after). */
export function firstUserText(messages: StoredMessage[]): string | undefined {
  return messages.find((m) => m.role === 'user')?.content;
}
