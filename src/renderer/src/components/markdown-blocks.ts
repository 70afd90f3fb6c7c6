import { Lexer } from 'marked';

/** A link reference or footnote definition: text anywhere in the message may point at it. */
const DEFINITION = /^ {0,3}\[[^\]\n]+\]:/m;

/**
 * A message cut into its top-level blocks (paragraphs, lists, fences, tables...), the way streamdown does
 * it, with marked's lexer (fast, GFM-aware). A streaming reply then re-renders only the block that is
 * still growing, not everything above it. The pieces join back into the source exactly.
 *
 * Kept whole: a message with definitions (a block could not resolve a reference to another), and `$$`
 * math until its closing `$$` (marked does not know math, so a formula with a blank line would be cut).
 */
export function splitBlocks(source: string): string[] {
  if (DEFINITION.test(source)) return [source];
  const blocks: string[] = [];
  let current = '';
  for (const token of Lexer.lex(source)) {
    // Blank lines belong to the block before them; a new block starts once the one before is balanced.
    if (token.type !== 'space' && current !== '' && !openMath(current)) {
      blocks.push(current);
      current = '';
    }
    current += token.raw;
  }
  if (current !== '') blocks.push(current);
  return blocks;
}

function openMath(text: string): boolean {
  return (text.split('$$').length - 1) % 2 === 1;
}
