import { useState } from 'react';
import { useSlice, useStores } from '../../app/stores-context';
import { NARROW_QUERY, useMediaQuery, WIDE_QUERY } from '../../app/use-media-query';
import { Drawer } from '../../components/drawer';
import { ErrorBox } from '../../components/error-box';
import { Icon } from '../../components/icons';
import { MODE_LABELS } from '../../lib/format';
import { ConversationList } from './conversation-list';
import { ExportButtons } from './export-buttons';
import { MessageList } from './message-list';
import { ParamsPanel } from './params-panel';
import { PromptBox } from './prompt-box';
import { ReplyAnnouncer } from './reply-announcer';

/**
 * The chat playground: conversations | messages + prompt | parameters. On a small window the conversation
 * list is a drawer and the parameters a sheet over the chat, so the chat keeps the whole width.
 */
export function PlaygroundPage({ onOpenSettings }: { onOpenSettings(): void }) {
  const { chat, router } = useStores();
  const title = useSlice(chat, (s) => s.title);
  const conversationId = useSlice(chat, (s) => s.conversationId);
  const notice = useSlice(chat, (s) => s.notice);
  const loading = useSlice(chat, (s) => s.loading);
  const empty = useSlice(chat, (s) => s.messages.length === 0);
  const state = useSlice(router, (s) => s.state);
  const narrow = useMediaQuery(NARROW_QUERY);
  const wide = useMediaQuery(WIDE_QUERY);
  // Inline parameters start open on a wide window; the sheet on a smaller one starts closed.
  const [inlineParams, setInlineParams] = useState(true);
  const [sheetOpen, setSheetOpen] = useState(false);
  const [convsOpen, setConvsOpen] = useState(false);
  const noProviders = state !== undefined && state.providers.length === 0;
  const brokenConfig = (state?.configProblems.length ?? 0) > 0;
  const paramsShown = wide ? inlineParams : sheetOpen;

  return (
    <div className={`playground ${narrow ? 'playground-narrow' : ''} ${wide && inlineParams ? '' : 'params-hidden'}`}>
      {narrow ? (
        <Drawer open={convsOpen} onClose={() => setConvsOpen(false)} side="left" label="Conversations" testId="conversations-drawer">
          <ConversationList onOpened={() => setConvsOpen(false)} />
        </Drawer>
      ) : (
        <ConversationList />
      )}
      <section className="chat" aria-label="Chat">
        <header className="chat-head">
          {narrow && (
            <button type="button" className="icon-btn" aria-label="Conversations" aria-expanded={convsOpen} onClick={() => setConvsOpen(true)} data-testid="conversations-open">
              <Icon name="list" />
            </button>
          )}
          <h1 className="chat-title" title={title}>
            {title ?? 'New chat'}
          </h1>
          {state && !narrow && (
            <span className={`chip mode-${state.servedBy}`} title="Current routing mode">
              {MODE_LABELS[state.servedBy]}
              {state.fallbackActive ? ' (fallback)' : ''}
            </span>
          )}
          {conversationId && <ExportButtons conversationId={conversationId} />}
          <button
            type="button"
            className="btn btn-ghost btn-small"
            aria-pressed={paramsShown}
            onClick={() => (wide ? setInlineParams((v) => !v) : setSheetOpen(true))}
            data-testid="toggle-params"
          >
            <Icon name="sliders" /> Parameters
          </button>
        </header>
        {notice && <ErrorBox error={notice} onDismiss={() => chat.getState().dismissNotice()} />}
        {loading ? (
          <div className="center muted" role="status">
            Loading conversation…
          </div>
        ) : empty ? (
          <div className="chat-empty">
            {brokenConfig ? (
              <div className="card">
                <h2>The config file needs fixing</h2>
                <p>Your providers are in the config file, but it has problems, so Switchyard is running on defaults until it is fixed.</p>
                <button type="button" className="btn btn-primary" onClick={onOpenSettings}>
                  Show the problems
                </button>
              </div>
            ) : noProviders ? (
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
      {wide ? (
        inlineParams && <ParamsPanel />
      ) : (
        <Drawer open={sheetOpen} onClose={() => setSheetOpen(false)} side="right" label="Parameters" testId="params-sheet">
          <ParamsPanel />
        </Drawer>
      )}
    </div>
  );
}
