import { useCallback, useMemo } from 'react';
import { useSlice, useStores } from '../../app/stores-context';
import { VirtualList } from '../../components/virtual-list';
import { openToolCalls } from '../../stores/chat-request';
import type { ChatMessageView } from '../../stores/chat-store';
import { estimateMessageHeight } from './message-height';
import { MessageItem, type MessageActions } from './message-item';

const NO_PROVIDERS: never[] = [];

/** The conversation, windowed so thousands of messages open and scroll smoothly. */
export function MessageList() {
  const { chat, router, params } = useStores();
  const messages = useSlice(chat, (s) => s.messages);
  const streaming = useSlice(chat, (s) => s.streaming);
  const conversationId = useSlice(chat, (s) => s.conversationId);
  const providers = useSlice(router, (s) => s.state?.providers ?? NO_PROVIDERS);
  const requestedModel = useSlice(params, (s) => s.fields.model) || undefined;
  // The newest message the user sent in this window: sending scrolls to the end even if they had scrolled up.
  const lastSent = useSlice(chat, (s) => s.messages.findLast((m) => (m.role === 'user' || m.role === 'tool') && m.uiKey !== undefined)?.uiKey);
  // The reply whose tool calls wait for results typed by the user.
  const awaitingId = useSlice(chat, (s) => (openToolCalls(s.messages).length > 0 ? s.messages.at(-1)?.id : undefined));
  const actions = useMemo<MessageActions>(
    () => ({
      regenerate: (id) => chat.getState().regenerate(id),
      retryOnDirect: (id) => chat.getState().regenerate(id, 'direct'),
      editAndResend: (id, text) => chat.getState().editAndResend(id, text),
      selectVersion: (id, version) => void chat.getState().selectVersion(id, version),
    }),
    [chat],
  );
  const getKey = useCallback((m: ChatMessageView) => m.uiKey ?? m.id, []);
  const renderItem = useCallback(
    (m: ChatMessageView) => <MessageItem message={m} providers={providers} busy={streaming} actions={actions} awaitingResults={m.id === awaitingId} {...(requestedModel ? { requestedModel } : {})} />,
    [providers, streaming, actions, requestedModel, awaitingId],
  );
  return (
    <VirtualList
      // A new conversation starts a fresh list (scrolled to its end).
      key={conversationId ?? 'new'}
      items={messages}
      getKey={getKey}
      renderItem={renderItem}
      estimateHeight={estimateMessageHeight}
      stickToBottom
      className="messages"
      label="Messages"
      testId="message-list"
      busy={streaming}
      followSignal={lastSent}
    />
  );
}
