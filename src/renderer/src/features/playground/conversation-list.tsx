import { useEffect, useState, type KeyboardEvent } from 'react';
import type { ConversationSummary } from '../../../../shared/api';
import { useSlice, useStores } from '../../app/stores-context';
import { ErrorBox } from '../../components/error-box';
import { Icon } from '../../components/icons';
import { shownConversations } from '../../stores/conversations-store';

/** Arrow keys move by one, Page Up/Down by this many, Home/End to the ends. */
const PAGE_STEP = 10;

/**
 * Sidebar: new chat, search (titles and message text), pinned conversations first, each with pin, rename
 * and delete. The list is one tab stop; arrow keys, Page Up/Down, Home and End move through it.
 */
export function ConversationList({ onOpened }: { onOpened?: () => void }) {
  const { conversations, chat } = useStores();
  const list = useSlice(conversations, (s) => s.list);
  const query = useSlice(conversations, (s) => s.query);
  const results = useSlice(conversations, (s) => s.results);
  const error = useSlice(conversations, (s) => s.error);
  const activeId = useSlice(chat, (s) => s.conversationId);
  const [renaming, setRenaming] = useState<string | undefined>();
  const [title, setTitle] = useState('');
  const [confirmDelete, setConfirmDelete] = useState<string | undefined>();
  const [focusId, setFocusId] = useState<string | undefined>();
  const shown = shownConversations({ list, query, ...(results ? { results } : {}) });
  const rovingId = shown.some((c) => c.id === focusId) ? focusId : (shown.find((c) => c.id === activeId) ?? shown[0])?.id;
  const pinnedCount = shown.filter((c) => c.pinned).length;

  useEffect(() => {
    void conversations.getState().refresh();
  }, [conversations]);

  const open = (id: string): void => {
    void chat.getState().open(id);
    onOpened?.();
  };

  const onListKey = (e: KeyboardEvent<HTMLUListElement>): void => {
    const at = shown.findIndex((c) => c.id === rovingId);
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: PAGE_STEP, PageUp: -PAGE_STEP, Home: -Infinity, End: Infinity };
    const step = moves[e.key];
    if (step === undefined || !(e.target as HTMLElement).classList.contains('conv-open')) return;
    e.preventDefault();
    const next = shown[Math.max(0, Math.min(shown.length - 1, at + step))];
    if (!next) return;
    setFocusId(next.id);
    document.getElementById(`conv-open-${next.id}`)?.focus();
  };

  return (
    <nav className="convs" aria-label="Conversations">
      <button
        type="button"
        className="btn btn-primary btn-block"
        onClick={() => {
          chat.getState().newChat();
          onOpened?.();
        }}
        title="New chat (Ctrl+Shift+O)"
        aria-keyshortcuts="Control+Shift+O Meta+Shift+O"
        data-testid="new-chat"
      >
        + New chat
      </button>
      <label className="sr-only" htmlFor="conv-search">
        Search conversations
      </label>
      <input id="conv-search" type="search" className="input" placeholder="Search messages…" value={query} onChange={(e) => conversations.getState().setQuery(e.target.value)} data-testid="conversation-search" />
      {error && <ErrorBox error={error} onDismiss={() => conversations.setState({ error: undefined })} />}
      <ul className="conv-list" data-testid="conversation-list" onKeyDown={onListKey}>
        {shown.length === 0 && <li className="muted small">{query ? 'No conversation matches.' : 'No conversations yet.'}</li>}
        {shown.map((c, i) => (
          <li key={c.id} className={`conv ${c.id === activeId ? 'active' : ''} ${i === pinnedCount - 1 && pinnedCount < shown.length ? 'conv-last-pinned' : ''}`} data-pinned={c.pinned}>
            {renaming === c.id ? (
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  void conversations.getState().rename(c.id, title);
                  setRenaming(undefined);
                }}
              >
                <label className="sr-only" htmlFor={`rename-${c.id}`}>
                  New title
                </label>
                <input id={`rename-${c.id}`} className="input" value={title} autoFocus onChange={(e) => setTitle(e.target.value)} onKeyDown={(e) => e.key === 'Escape' && setRenaming(undefined)} onBlur={() => setRenaming(undefined)} />
              </form>
            ) : confirmDelete === c.id ? (
              <div className="conv-confirm" role="group" aria-label={`Delete ${c.title}?`}>
                <span className="small">Delete “{c.title}”?</span>
                <button
                  type="button"
                  className="btn btn-danger btn-small"
                  autoFocus
                  onClick={() => {
                    setConfirmDelete(undefined);
                    void conversations.getState().remove(c.id);
                    if (c.id === chat.getState().conversationId) chat.getState().newChat();
                  }}
                >
                  Delete
                </button>
                <button type="button" className="btn btn-ghost btn-small" onClick={() => setConfirmDelete(undefined)}>
                  Keep
                </button>
              </div>
            ) : (
              <ConversationRow
                c={c}
                active={c.id === activeId}
                tabbable={c.id === rovingId}
                onOpen={() => open(c.id)}
                onFocus={() => setFocusId(c.id)}
                onRename={() => {
                  setTitle(c.title);
                  setRenaming(c.id);
                }}
                onDelete={() => setConfirmDelete(c.id)}
                onPin={() => void conversations.getState().setPinned(c.id, !c.pinned)}
              />
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}

function ConversationRow({ c, active, tabbable, onOpen, onFocus, onRename, onDelete, onPin }: { c: ConversationSummary; active: boolean; tabbable: boolean; onOpen(): void; onFocus(): void; onRename(): void; onDelete(): void; onPin(): void }) {
  return (
    <>
      <button type="button" id={`conv-open-${c.id}`} className="conv-open" aria-current={active ? 'true' : undefined} tabIndex={tabbable ? 0 : -1} onClick={onOpen} onFocus={onFocus}>
        <span className="conv-title">
          {c.pinned && (
            <span className="conv-pin" aria-label="Pinned">
              <Icon name="pin" size={12} />
            </span>
          )}
          {c.title || 'Untitled'}
        </span>
        {c.match ? (
          <span className="conv-meta conv-match">{c.match}</span>
        ) : (
          <span className="conv-meta">
            {c.messageCount} msgs · {new Date(c.updatedAt).toLocaleDateString()}
          </span>
        )}
      </button>
      <div className="conv-tools">
        <button type="button" className="icon-btn" aria-label={`${c.pinned ? 'Unpin' : 'Pin'} ${c.title}`} aria-pressed={c.pinned} title={c.pinned ? 'Unpin' : 'Pin'} onClick={onPin} data-testid="conversation-pin">
          <Icon name="pin" size={14} />
        </button>
        <button type="button" className="icon-btn" aria-label={`Rename ${c.title}`} title="Rename" onClick={onRename}>
          <Icon name="pencil" size={14} />
        </button>
        <button type="button" className="icon-btn" aria-label={`Delete ${c.title}`} title="Delete" onClick={onDelete}>
          <Icon name="trash" size={14} />
        </button>
      </div>
    </>
  );
}
