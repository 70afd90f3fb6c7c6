import { describe, expect, it } from 'vitest';
import { plainText, titleFromText } from './titles';

describe('conversation titles', () => {
  it('drop Markdown syntax and keep the words', () => {
    expect(plainText('## How do I **reverse** a `list`?')).toBe('How do I reverse a list?');
    expect(plainText('> quoted _emphasis_ and ~~gone~~ [a link](https://example.com)')).toBe('quoted emphasis and gone a link');
    expect(plainText('```python\nprint(1)\n```')).toBe('print(1)');
    expect(plainText('- item one\n2. item two')).toBe('item one item two');
    // snake_case and arithmetic are not emphasis
    expect(plainText('rename my_var_name to 2 * 3 * 4')).toBe('rename my_var_name to 2 * 3 * 4');
  });

  it('are shortened to 60 characters with an ellipsis', () => {
    const title = titleFromText(`**${'word '.repeat(30)}**`);
    expect(title.length).toBe(60);
    expect(title.endsWith('…')).toBe(true);
    expect(title).not.toContain('*');
  });
});
