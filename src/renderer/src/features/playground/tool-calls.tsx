import { useSlice, useStores } from '../../app/stores-context';
import type { ToolCall } from '../../../../shared/chat';
import type { ChatMessageView } from '../../stores/chat-store';

/**
 * The model's tool calls as cards (name, id and arguments, pretty once they parse, as they stream before
 * that), and, while the reply waits for them, a box per call where the user types its result.
 */
export function ToolCallCards({ message, awaitingResults, busy }: { message: ChatMessageView; awaitingResults: boolean; busy: boolean }) {
  const { chat } = useStores();
  const replies = useSlice(chat, (s) => s.toolReplies);
  const calls = message.toolCalls ?? [];
  const streaming = message.status === 'pending' || message.status === 'streaming';
  return (
    <>
      {calls.map((call) => (
        <section key={call.id} className="tool-call" aria-label={`Tool call ${call.name}`} data-testid="tool-call">
          <div className="tool-call-head">
            <span className="metric-label">Calls</span>
            <strong className="mono" data-testid="tool-call-name">
              {call.name}
            </strong>
            <span className="metric-label mono">{call.id}</span>
          </div>
          <pre className="tool-call-args mono" aria-busy={streaming} data-testid="tool-call-arguments">
            {prettyArguments(call)}
          </pre>
          {awaitingResults && (
            <div className="tool-call-reply">
              <label htmlFor={`tool-reply-${call.id}`} className="field-hint">
                Reply with result of {call.name}
              </label>
              <textarea
                id={`tool-reply-${call.id}`}
                className="input mono"
                rows={2}
                value={replies[call.id] ?? ''}
                onChange={(e) => chat.getState().setToolReply(call.id, e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) chat.getState().send();
                }}
                placeholder='e.g. {"temperature": 21}'
                data-testid="tool-reply"
              />
            </div>
          )}
        </section>
      ))}
      {awaitingResults && (
        <button type="button" className="btn btn-primary btn-small tool-call-send" disabled={busy || calls.some((c) => !replies[c.id]?.trim())} onClick={() => chat.getState().send()} data-testid="send-tool-results">
          Send {calls.length > 1 ? 'results' : 'result'}
        </button>
      )}
    </>
  );
}

/** A tool message: the result the user gave for a call, with the call's name. */
export function ToolResultBody({ message }: { message: ChatMessageView }) {
  const { chat } = useStores();
  const name = useSlice(chat, (s) => s.messages.findLast((m) => m.toolCalls?.some((c) => c.id === message.toolCallId))?.toolCalls?.find((c) => c.id === message.toolCallId)?.name);
  return (
    <>
      <div className="tool-call-head">
        <span className="metric-label">Result of</span>
        <strong className="mono">{name ?? 'a tool call'}</strong>
        <span className="metric-label mono">{message.toolCallId}</span>
      </div>
      <pre className="tool-call-args mono" data-testid="tool-result">
        {message.content}
      </pre>
    </>
  );
}

function prettyArguments(call: ToolCall): string {
  try {
    return JSON.stringify(JSON.parse(call.arguments), null, 2);
  } catch {
    return call.arguments;
  }
}
