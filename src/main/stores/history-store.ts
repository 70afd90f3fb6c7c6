import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Conversation, ConversationSummary, StoredMessage } from '../../shared/api';
import { firstUserText, selectVersion } from '../../shared/conversation-versions';
import { SwitchyardError } from '../../shared/errors';
import { titleFromText } from '../../shared/titles';
import { nullLogger, type Logger } from '../logging/logger';
import { removeStaleTempFiles, writeFileAtomic } from './atomic-write';
import { markInterrupted, parseConversationFile } from './history-files';
import { searchConversations } from './history-search';
import { KeyedQueue } from './keyed-queue';

/**
 * Conversations, one JSON file each (`<id>.json`) in the history folder. Every change is written through
 * atomically before the call returns, so what the UI has shown is on disk. Files are read once at open
 * and kept in memory; a file that does not parse or hold a conversation is skipped and reported, never
 * deleted. Replies a crash left streaming are marked interrupted at open.
 */

/** Ids become file names: nothing but letters, digits, - and _. */
export const CONVERSATION_ID_RE = /^[A-Za-z0-9_-]{1,64}$/;
const TITLE_MAX = 200;

export class HistoryStore {
  private readonly conversations = new Map<string, Conversation>();
  private readonly queue = new KeyedQueue();
  /** Files that could not be read at open: left on disk untouched, reported, and never in the way of the others. */
  readonly skipped: { file: string; reason: string }[] = [];

  private constructor(
    readonly dir: string,
    private readonly logger: Logger,
    private readonly now: () => number,
  ) {}

  static async open(dir: string, options: { logger?: Logger; now?: () => number } = {}): Promise<HistoryStore> {
    const store = new HistoryStore(dir, options.logger ?? nullLogger, options.now ?? Date.now);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await removeStaleTempFiles(dir);
    await store.loadAll();
    return store;
  }

  private async loadAll(): Promise<void> {
    for (const name of await readdir(this.dir)) {
      if (!name.endsWith('.json')) continue;
      const id = name.slice(0, -'.json'.length);
      if (!CONVERSATION_ID_RE.test(id)) continue;
      let conversation: Conversation;
      try {
        conversation = parseConversationFile(await readFile(join(this.dir, name), 'utf8'), id);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        this.skipped.push({ file: join(this.dir, name), reason });
        this.logger.log('warn', 'history.unreadable', { file: name, error: reason });
        continue;
      }
      this.conversations.set(id, conversation);
      const interrupted = markInterrupted(conversation);
      if (interrupted > 0) {
        this.logger.log('warn', 'history.interrupted', { conversationId: id, messages: interrupted });
        await this.write(conversation);
      }
    }
  }

  list(): ConversationSummary[] {
    return [...this.conversations.values()].map(summarize).sort((a, b) => b.updatedAt - a.updatedAt);
  }

  /** Conversations whose title or message text contains `query`, newest first. */
  search(query: string): ConversationSummary[] {
    return searchConversations([...this.conversations.values()], query, summarize);
  }

  has(id: string): boolean {
    return this.conversations.has(id);
  }

  /** A deep copy: callers may not mutate the stored conversation behind the store's back. */
  get(id: string): Conversation {
    return structuredClone(this.require(id));
  }

  async create(init: Pick<Conversation, 'title' | 'settings'>): Promise<Conversation> {
    const at = this.now();
    const conversation: Conversation = {
      id: newId(),
      title: cleanTitle(init.title) || 'New conversation',
      createdAt: at,
      updatedAt: at,
      settings: init.settings,
      messages: [],
    };
    await this.write(conversation);
    return structuredClone(conversation);
  }

  /**
   * Applies `change` to a copy and writes it; the in-memory copy changes only once the file is written.
   * `touch: false` keeps the conversation's place in the list (pinning is not activity).
   */
  async update(id: string, change: (conversation: Conversation) => void, options: { touch?: boolean } = {}): Promise<Conversation> {
    return this.queue.run(id, async () => {
      const next = structuredClone(this.require(id));
      const firstBefore = firstUserText(next.messages);
      change(next);
      // A conversation the user has not named follows its first message when that message is edited or
      // another version of it is shown.
      const firstAfter = firstUserText(next.messages);
      if (!next.titleSet && firstBefore !== undefined && firstAfter !== undefined && firstAfter !== firstBefore) next.title = titleFrom(firstAfter) || next.title;
      if (options.touch !== false) next.updatedAt = Math.max(this.now(), next.updatedAt);
      await this.persist(next);
      return structuredClone(next);
    });
  }

  async appendMessages(id: string, messages: StoredMessage[]): Promise<Conversation> {
    return this.update(id, (c) => c.messages.push(...messages));
  }

  async updateMessage(id: string, messageId: string, change: Partial<StoredMessage>): Promise<Conversation> {
    return this.update(id, (c) => {
      const message = c.messages.find((m) => m.id === messageId);
      if (!message) throw new SwitchyardError('NOT_FOUND', `message ${messageId} not found`, { details: { field: 'messageId' } });
      Object.assign(message, change);
    });
  }

  async rename(id: string, title: string): Promise<ConversationSummary> {
    const cleaned = cleanTitle(title);
    if (!cleaned) throw new SwitchyardError('VALIDATION_FAILED', 'title: must not be empty', { details: { field: 'title' } });
    return summarize(
      await this.update(id, (c) => {
        c.title = cleaned;
        c.titleSet = true;
      }),
    );
  }

  async pin(id: string, pinned: boolean): Promise<ConversationSummary> {
    const change = (c: Conversation): void => {
      if (pinned) c.pinned = true;
      else delete c.pinned;
    };
    return summarize(await this.update(id, change, { touch: false }));
  }

  /** Shows version `version` of the turn starting at `messageId`. */
  async selectVersion(id: string, messageId: string, version: number): Promise<Conversation> {
    return this.update(
      id,
      (c) => {
        const at = c.messages.findIndex((m) => m.id === messageId);
        const next = at < 0 ? undefined : selectVersion(c.messages, at, version);
        if (!next) {
          const count = at < 0 ? 0 : (c.messages[at]!.versions?.others.length ?? 0) + 1;
          throw new SwitchyardError('NOT_FOUND', at < 0 ? `message ${messageId} is not in conversation ${id}` : `version ${version + 1} of ${count} does not exist`, {
            details: { field: at < 0 ? 'messageId' : 'version' },
          });
        }
        c.messages = next;
      },
      { touch: false },
    );
  }

  async delete(id: string): Promise<void> {
    this.require(id);
    await this.queue.run(id, async () => {
      await unlink(this.file(id)).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
      this.conversations.delete(id);
    });
  }

  /** Waits for queued writes (tests, shutdown). */
  flush(): Promise<void> {
    return this.queue.idle();
  }

  private async write(conversation: Conversation): Promise<void> {
    await this.queue.run(conversation.id, () => this.persist(conversation));
  }

  private async persist(conversation: Conversation): Promise<void> {
    await writeFileAtomic(this.file(conversation.id), JSON.stringify(conversation, null, 1));
    this.conversations.set(conversation.id, conversation);
  }

  private require(id: string): Conversation {
    const conversation = CONVERSATION_ID_RE.test(id) ? this.conversations.get(id) : undefined;
    if (!conversation) throw new SwitchyardError('NOT_FOUND', `conversation ${id} not found`, { details: { field: 'id' } });
    return conversation;
  }

  private file(id: string): string {
    return join(this.dir, `${id}.json`);
  }
}

export function newId(): string {
  return randomUUID().replace(/-/g, '').slice(0, 24);
}

function cleanTitle(title: string): string {
  return title.replace(/\s+/g, ' ').trim().slice(0, TITLE_MAX);
}

/** The first user line as plain text, shortened: what a conversation is called until the user renames it. */
export function titleFrom(text: string): string {
  return cleanTitle(titleFromText(text));
}

export function summarize(c: Conversation): ConversationSummary {
  const last = [...c.messages].reverse().find((m) => m.role !== 'system' && m.content.length > 0);
  return {
    id: c.id,
    title: c.title,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    messageCount: c.messages.length,
    preview: last ? last.content.replace(/\s+/g, ' ').trim().slice(0, 120) : '',
    pinned: c.pinned === true,
  };
}
