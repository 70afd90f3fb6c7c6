import { useEffect, useRef } from 'react';
import { useSlice, useStores } from '../../app/stores-context';

/**
 * The prompt: Enter sends, Shift+Enter adds a line, Escape stops a streaming reply. Stop replaces Send
 * while a reply streams; focus returns to the box when either button goes away, so keyboard users are
 * never dropped onto the page body.
 */
export function PromptBox() {
  const { chat } = useStores();
  const draft = useSlice(chat, (s) => s.draft);
  const streaming = useSlice(chat, (s) => s.streaming);
  const box = useRef<HTMLTextAreaElement>(null);
  const wasStreaming = useRef(streaming);

  useEffect(() => {
    const buttonHadFocus = document.activeElement === document.body || document.activeElement === null;
    if (wasStreaming.current !== streaming && buttonHadFocus) box.current?.focus();
    wasStreaming.current = streaming;
  }, [streaming]);

  return (
    <form
      className="prompt"
      onSubmit={(e) => {
        e.preventDefault();
        chat.getState().send();
        box.current?.focus();
      }}
    >
      <label htmlFor="prompt-input" className="sr-only">
        Message
      </label>
      <textarea
        ref={box}
        id="prompt-input"
        className="input prompt-input"
        placeholder="Ask anything… (Enter to send, Shift+Enter for a new line)"
        value={draft}
        rows={Math.min(8, Math.max(2, draft.split('\n').length))}
        onChange={(e) => chat.getState().setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            chat.getState().send();
          } else if (e.key === 'Escape' && chat.getState().streaming) {
            e.preventDefault();
            chat.getState().stop();
          }
        }}
        aria-keyshortcuts="Enter Escape"
        data-testid="prompt-input"
      />
      {streaming ? (
        <button type="button" className="btn btn-danger" onClick={() => chat.getState().stop()} title="Stop (Esc)" data-testid="stop">
          Stop
        </button>
      ) : (
        <button type="submit" className="btn btn-primary" disabled={!draft.trim()} data-testid="send">
          Send
        </button>
      )}
    </form>
  );
}
