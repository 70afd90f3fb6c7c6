import { describe, expect, it } from 'vitest';
import { splitBlocks } from './markdown-blocks';

describe('splitBlocks', () => {
  it('cuts at top-level blocks, keeping lists, fences and tables whole, and joins back to the source', () => {
    const source = 'Intro.\n\n1. one\n\n2. two\n   more\n\n```js\nconst a = 1;\n\nconst b = 2;\n```\n\n| a |\n|---|\n| b |\n\nEnd';
    const blocks = splitBlocks(source);
    expect(blocks.join('')).toBe(source);
    expect(blocks).toHaveLength(5);
    expect(blocks[1]).toContain('2. two');
    expect(blocks[2]).toContain('const b = 2;');
  });

  it('keeps $$ math with a blank line in one block, and a message with definitions whole', () => {
    const math = 'Before.\n\n$$\na = 1\n\nb = 2\n$$\n\nAfter.';
    expect(splitBlocks(math)).toEqual(['Before.\n\n', '$$\na = 1\n\nb = 2\n$$\n\n', 'After.']);
    const footnoted = 'A claim[^1].\n\nMore.\n\n[^1]: The source.';
    expect(splitBlocks(footnoted)).toEqual([footnoted]);
  });

  it('cuts a half-streamed reply the same way up to its growing end', () => {
    expect(splitBlocks('Para one.\n\n```py\nprint(1)')).toEqual(['Para one.\n\n', '```py\nprint(1)']);
  });
});
