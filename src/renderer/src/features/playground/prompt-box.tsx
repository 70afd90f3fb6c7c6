import { useEffect, useRef } from 'react';
import { useSlice, useStores } from '../../app/stores-context';
import { Icon } from '../../components/icons';
import { IMAGE_TYPES, MAX_IMAGE_BYTES } from '../../stores/attachments';
import { openToolCalls } from '../../stores/chat-request';

/**
 * The prompt: Enter sends, Shift+Enter adds a line, Escape stops a streaming reply. Images are attached
 * with the picker or pasted, and shown as thumbnails until sent. Stop replaces Send while a reply
 * streams; focus returns to the box when either button goes away, so keyboard users are never dropped
 * onto the page body. While the last reply waits for tool results, Send sends them (and the text, if any).
 */
export function PromptBox() {
  const { chat } = useStores();
  const draft = useSlice(chat, (s) => s.draft);
  const images = useSlice(chat, (s) => s.images);
  const streaming = useSlice(chat, (s) => s.streaming);
  const awaitingResults = useSlice(chat, (s) => openToolCalls(s.messages).length > 0);
  const box = useRef<HTMLTextAreaElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  const wasStreaming = useRef(streaming);

  useEffect(() => {
    const buttonHadFocus = document.activeElement === document.body || document.activeElement === null;
    if (wasStreaming.current !== streaming && buttonHadFocus) box.current?.focus();
    wasStreaming.current = streaming;
  }, [streaming]);

  const canSend = draft.trim() !== '' || images.length > 0 || awaitingResults;

  return (
    <form
      className="prompt"
      onSubmit={(e) => {
        e.preventDefault();
        chat.getState().send();
        box.current?.focus();
      }}
    >
      {images.length > 0 && (
        <ul className="attachments" aria-label="Attached images" data-testid="attachments">
          {images.map((image, i) => (
            <li key={`${i}-${image.name}`} className="attachment">
              <img src={image.url} alt={image.name} />
              <button type="button" className="icon-btn attachment-remove" onClick={() => chat.getState().removeImage(i)} aria-label={`Remove ${image.name}`} data-testid="attachment-remove">
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="prompt-row">
        <input
          ref={picker}
          type="file"
          accept={IMAGE_TYPES.join(',')}
          multiple
          hidden
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = '';
            void chat.getState().attachImages(files);
          }}
          data-testid="attach-input"
        />
        <button type="button" className="icon-btn prompt-attach" onClick={() => picker.current?.click()} aria-label="Attach images" title={`Attach images (PNG, JPEG, GIF or WebP, up to ${MAX_IMAGE_BYTES / (1024 * 1024)} MB each; or paste them)`} data-testid="attach">
          <Icon name="image" />
        </button>
        <label htmlFor="prompt-input" className="sr-only">
          Message
        </label>
        <textarea
          ref={box}
          id="prompt-input"
          className="input prompt-input"
          placeholder={awaitingResults ? 'Type each tool result above, then Send (a message here goes after them)' : 'Ask anything… (Enter to send, Shift+Enter for a new line)'}
          value={draft}
          rows={Math.min(8, Math.max(2, draft.split('\n').length))}
          onChange={(e) => chat.getState().setDraft(e.target.value)}
          onPaste={(e) => {
            const files = [...e.clipboardData.files].filter((f) => f.type.startsWith('image/'));
            if (files.length === 0) return;
            // An image alone would otherwise paste its file name as text; text that came with it is kept.
            if (!e.clipboardData.getData('text/plain')) e.preventDefault();
            void chat.getState().attachImages(files);
          }}
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
          <button type="submit" className="btn btn-primary" disabled={!canSend} data-testid="send">
            Send
          </button>
        )}
      </div>
    </form>
  );
}
