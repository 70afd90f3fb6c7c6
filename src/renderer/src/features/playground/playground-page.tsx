import { useState } from 'react';
import { useSlice, useStores } from '../../app/stores-context';
import { ErrorBox } from '../../components/error-box';
import { MODE_LABELS } from '../../lib/format';
import { ConversationList } from './conversation-list';
import { MessageList } from './message-list';
import { ParamsPanel } from './params-panel';
import { ExportButtons } from './export-buttons';
import { PromptBox } from './prompt-box';
import { ReplyAnnouncer } from './reply-announcer';

/** The chat playground: conversations | messages + prompt | parameters. */
export function PlaygroundPage({ onOpenSettings }: { onOpenSettings(): void }) {
  const { chat, router } = useStores();
  const title = useSlice(chat, (s) => s.title);
  const conversationId = useSlice(chat, (s) => s.conversationId);
  const notice = useSlice(chat, (s) => s.notice);
  const loading = useSlice(chat, (s) => s.loading);
  const empty = useSlice(chat, (s) => s.messages.length === 0);
  const state = useSlice(router, (s) => s.state);
  const [showParams, setShowParams] = useState(true);
  const noProviders = state !== undefined && state.providers.length === 0;

  return (
    <div className={`playground ${showParams ? '' : 'params-hidden'}`}>
      <ConversationList />
      <section className="chat" aria-label="Chat">
        <header className="chat-head">
          <h1 className="chat-title">{title ?? 'New chat'}</h1>
          {state && (
            <span className={`chip mode-${state.servedBy}`} title="Current routing mode">
              {MODE_LABELS[state.servedBy]}
              {state.fallbackActive ? ' (fallback)' : ''}
            </span>
          )}
          {conversationId && <ExportButtons conversationId={conversationId} />}
          <button type="button" className="btn btn-ghost btn-small" aria-pressed={showParams} onClick={() => setShowParams((v) => !v)} data-testid="toggle-params">
            Parameters
          </button>
        </header>
        {notice && <ErrorBox error={notice} onDismiss={() => chat.getState().dismissNotice()} />}
        {loading ? (
          <div className="center muted" role="status">
            Loading conversation…
          </div>
        ) : empty ? (
          <div className="chat-empty">
            {noProviders ? (
              <div className="card">
                <h2>No provider configured</h2>
                <p>Add an OpenAI-compatible or Anthropic provider, or a local server such as Ollama, to start chatting.</p>
                <button type="button" className="btn btn-primary" onClick={onOpenSettings}>
                  Open the setup guide
                </button>
              </div>
            ) : (
              <div className="hero">
                <h2>What shall we try?</h2>
                <p className="muted">Replies show how they were routed: mode, provider, time to first token, tokens and cost.</p>
              </div>
            )}
          </div>
        ) : (
          <MessageList />
        )}
        <ReplyAnnouncer />
        <PromptBox />
      </section>
      {showParams && <ParamsPanel />}
    </div>
  );
}
