import { useEffect, useState } from 'react';
import { useSlice, useStores } from '../../app/stores-context';
import { ErrorBox } from '../../components/error-box';
import { Icon } from '../../components/icons';
import { filterConversations } from '../../stores/conversations-store';

/** Sidebar: new chat, search, and each conversation with rename and delete. */
export function ConversationList() {
  const { conversations, chat } = useStores();
  const list = useSlice(conversations, (s) => s.list);
  const query = useSlice(conversations, (s) => s.query);
  const error = useSlice(conversations, (s) => s.error);
  const activeId = useSlice(chat, (s) => s.conversationId);
  const [renaming, setRenaming] = useState<string | undefined>();
  const [title, setTitle] = useState('');
  const [confirmDelete, setConfirmDelete] = useState<string | undefined>();
  const shown = filterConversations(list, query);

  useEffect(() => {
    void conversations.getState().refresh();
  }, [conversations]);

  return (
    <nav className="convs" aria-label="Conversations">
      <button type="button" className="btn btn-primary btn-block" onClick={() => chat.getState().newChat()} data-testid="new-chat">
        + New chat
      </button>
      <label className="sr-only" htmlFor="conv-search">
        Search conversations
      </label>
      <input id="conv-search" type="search" className="input" placeholder="Search…" value={query} onChange={(e) => conversations.getState().setQuery(e.target.value)} data-testid="conversation-search" />
      {error && <ErrorBox error={error} onDismiss={() => conversations.setState({ error: undefined })} />}
      <ul className="conv-list" data-testid="conversation-list">
        {shown.length === 0 && <li className="muted small">{query ? 'No conversation matches.' : 'No conversations yet.'}</li>}
        {shown.map((c) => (
          <li key={c.id} className={`conv ${c.id === activeId ? 'active' : ''}`}>
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
              <>
                <button type="button" className="conv-open" aria-current={c.id === activeId ? 'true' : undefined} onClick={() => void chat.getState().open(c.id)}>
                  <span className="conv-title">{c.title || 'Untitled'}</span>
                  <span className="conv-meta">
                    {c.messageCount} msgs · {new Date(c.updatedAt).toLocaleDateString()}
                  </span>
                </button>
                <div className="conv-tools">
                  <button type="button" className="icon-btn" aria-label={`Rename ${c.title}`} title="Rename" onClick={() => { setTitle(c.title); setRenaming(c.id); }}>
                    <Icon name="pencil" size={14} />
                  </button>
                  <button type="button" className="icon-btn" aria-label={`Delete ${c.title}`} title="Delete" onClick={() => setConfirmDelete(c.id)}>
                    <Icon name="trash" size={14} />
                  </button>
                </div>
              </>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}
