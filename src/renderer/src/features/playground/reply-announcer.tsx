import { useSlice, useStores } from '../../app/stores-context';
import type { ChatMessageView } from '../../stores/chat-store';

/** What a screen reader hears when the latest reply changes state (the streamed text itself stays quiet). */
export function replyAnnouncement(message: ChatMessageView | undefined): string {
  if (!message || message.role !== 'assistant') return '';
  switch (message.status) {
    case 'pending':
    case 'streaming':
      return 'Reply streaming';
    case 'complete':
      return 'Reply complete';
    case 'cancelled':
      return 'Reply stopped';
    case 'error':
      return `Reply failed: ${message.error?.code ?? 'error'} ${message.error?.message ?? ''}`.trim();
  }
}

export function ReplyAnnouncer() {
  const { chat } = useStores();
  const text = useSlice(chat, (s) => replyAnnouncement(s.messages.at(-1)));
  return (
    <div className="sr-only" role="status" aria-live="polite" data-testid="reply-announcer">
      {text}
    </div>
  );
}
