import type { ChatMessageView } from '../../stores/chat-store';

/**
 * A message row's height in pixels before it is rendered, from its text: the role's frame (name, padding,
 * and for replies the route badge and actions) plus its lines. Rough, but near enough that scrolling up
 * through a long conversation does not keep correcting rows that were guessed far too short.
 */
const FRAME_PX = { user: 90, system: 90, tool: 90, assistant: 131 } as const;
const LINE_PX = 22;
const BLANK_LINE_PX = 8;
/** Characters on one wrapped line at the playground's usual width. */
const LINE_CHARS = 90;

export function estimateMessageHeight(message: ChatMessageView): number {
  const text = message.content;
  let height = FRAME_PX[message.role];
  let start = 0;
  while (start <= text.length) {
    const end = text.indexOf('\n', start);
    const length = (end === -1 ? text.length : end) - start;
    height += length === 0 ? BLANK_LINE_PX : Math.ceil(length / LINE_CHARS) * LINE_PX;
    if (end === -1) break;
    start = end + 1;
  }
  return height;
}
