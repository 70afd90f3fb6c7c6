import { memo, useState } from 'react';
import type { ProviderSummary } from '../../../../shared/api';
import { CopyButton } from '../../components/copy-button';
import { ErrorBox } from '../../components/error-box';
import { Markdown } from '../../components/markdown';
import { textAndImages } from '../../stores/chat-request';
import type { ChatMessageView } from '../../stores/chat-store';
import { RouteBadge } from './route-badge';
import { ToolCallCards, ToolResultBody } from './tool-calls';
import { VersionPager } from './version-pager';

export interface MessageActions {
  regenerate(id: string): void;
  retryOnDirect(id: string): void;
  editAndResend(id: string, text: string): void;
  selectVersion(id: string, version: number): void;
}

/** The embedded gateway itself failed this reply (often part-way: the container died mid-stream). */
export function failedInGateway(message: ChatMessageView): boolean {
  const via = message.response?.trace.servedBy ?? message.route?.mode;
  return message.status === 'error' && via === 'plano_embedded' && ['NETWORK_ERROR', 'TIMEOUT', 'CONTAINER_FAILED'].includes(message.error?.code ?? '');
}

const ROLE_NAMES = { user: ['You', 'Your message'], system: ['System', 'System prompt'], assistant: ['Assistant', 'Assistant reply'], tool: ['Tool result', 'Tool result'] } as const;

/**
 * One message: Markdown body (with a user's images, an assistant's tool calls, or a tool's result),
 * actions, inline error with retry, and (assistant) the route badge. `awaitingResults`: the reply's tool
 * calls wait for the user to type their results.
 */
export const MessageItem = memo(function MessageItem({ message, providers, busy, actions, requestedModel, awaitingResults = false }: { message: ChatMessageView; providers: ProviderSummary[]; busy: boolean; actions: MessageActions; requestedModel?: string; awaitingResults?: boolean }) {
  const [editing, setEditing] = useState(false);
  const { text: shownText, images } = textAndImages(message);
  const [text, setText] = useState(shownText);
  const isUser = message.role === 'user';
  const [roleName, label] = ROLE_NAMES[message.role];
  const waiting = (message.status === 'pending' || message.status === 'streaming') && !message.toolCalls?.length;

  return (
    <article className={`msg msg-${message.role} msg-${message.status}`} aria-label={label} data-testid={`message-${message.role}`}>
      <div className="msg-role">{roleName}</div>
      {editing ? (
        <form
          className="msg-edit"
          onSubmit={(e) => {
            e.preventDefault();
            setEditing(false);
            actions.editAndResend(message.id, text);
          }}
        >
          <label className="sr-only" htmlFor={`edit-${message.id}`}>
            Edit message
          </label>
          <textarea id={`edit-${message.id}`} className="input" value={text} rows={Math.min(10, text.split('\n').length + 1)} onChange={(e) => setText(e.target.value)} autoFocus
            onKeyDown={(e) => {
              if (e.key === 'Escape') setEditing(false);
              if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) e.currentTarget.form?.requestSubmit();
            }}
          />
          <div className="row gap-s">
            <button type="submit" className="btn btn-primary btn-small" disabled={busy || !text.trim()} data-testid="edit-resend">
              Save &amp; resend
            </button>
            <button type="button" className="btn btn-ghost btn-small" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <div className="msg-body">
          {message.role === 'tool' ? <ToolResultBody message={message} /> : shownText ? <Markdown source={shownText} /> : waiting ? <span className="typing" aria-label="Waiting for the reply">●●●</span> : null}
          {images.length > 0 && (
            <ul className="msg-images" aria-label="Attached images">
              {images.map((image, i) => (
                <li key={i}>
                  <img className="msg-image" src={image.url} alt={`Attached image ${i + 1}`} data-testid="message-image" />
                </li>
              ))}
            </ul>
          )}
          {message.toolCalls && message.toolCalls.length > 0 && <ToolCallCards message={message} awaitingResults={awaitingResults} busy={busy} />}
        </div>
      )}
      {message.status === 'cancelled' && <p className="msg-note">Stopped.</p>}
      {message.status === 'error' && message.error && <ErrorBox error={message.error} title="The reply failed" since={message.errorAt} onRetry={busy ? undefined : () => actions.regenerate(message.id)} />}
      {failedInGateway(message) && (
        <button type="button" className="btn btn-small" disabled={busy} onClick={() => actions.retryOnDirect(message.id)} data-testid="retry-direct">
          Retry on Direct
        </button>
      )}
      {message.role === 'assistant' && <RouteBadge message={message} providers={providers} {...(requestedModel ? { requestedModel } : {})} />}
      {!editing && (message.versions || message.status === 'complete' || message.status === 'cancelled') && (
        <div className="msg-actions">
          {message.versions && <VersionPager versions={message.versions} disabled={busy} onSelect={(v) => actions.selectVersion(message.id, v)} />}
          {(message.status === 'complete' || message.status === 'cancelled') && <CopyButton text={message.content} label="Copy" testId="copy-message" />}
          {isUser && (
            <button type="button" className="btn btn-ghost btn-small" disabled={busy} onClick={() => { setText(shownText); setEditing(true); }} data-testid="edit-message">
              Edit
            </button>
          )}
          {message.role === 'assistant' && message.status !== 'error' && message.status !== 'pending' && message.status !== 'streaming' && (
            <button type="button" className="btn btn-ghost btn-small" disabled={busy} onClick={() => actions.regenerate(message.id)} data-testid="regenerate">
              Regenerate
            </button>
          )}
        </div>
      )}
    </article>
  );
});
