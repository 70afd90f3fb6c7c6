import { describe, expect, it } from 'vitest';
import type { ChatMessageView } from '../../stores/chat-store';
import { estimateMessageHeight } from './message-height';

const message = (role: ChatMessageView['role'], content: string): ChatMessageView => ({ id: 'm', role, content, createdAt: 0, status: 'complete' });

describe('estimateMessageHeight', () => {
  it('grows with lines, wrapped lines and blank lines', () => {
    const one = estimateMessageHeight(message('user', 'short question'));
    expect(estimateMessageHeight(message('user', 'a\nb'))).toBeGreaterThan(one);
    expect(estimateMessageHeight(message('user', 'x'.repeat(400)))).toBeGreaterThan(estimateMessageHeight(message('user', 'x'.repeat(100))));
    expect(estimateMessageHeight(message('user', 'a\n\nb'))).toBeGreaterThan(estimateMessageHeight(message('user', 'a\nb')));
  });

  it('gives a reply room for its route badge and actions', () => {
    expect(estimateMessageHeight(message('assistant', 'same'))).toBeGreaterThan(estimateMessageHeight(message('user', 'same')));
  });
});
