/**
 * What a conversation is called until the user names it: its first message as plain text, shortened.
 * Markdown syntax is dropped so a title never reads "## How do I **reverse** a `list`".
 */

const TITLE_LENGTH = 60;

export function plainText(markdown: string): string {
  return (
    markdown
      // fenced code: keep the code, drop the fences and language tag
      .replace(/```[^\n]*\n?/g, ' ')
      // images and links: keep the text
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      // headings, quotes, list markers at line starts
      .replace(/^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)/gm, '')
      // emphasis, strong, strike-through, inline code
      .replace(/(\*\*|__|~~)(.+?)\1/g, '$2')
      .replace(/(^|[^\w*])[*_](?!\s)([^*_\n]+?)[*_](?!\w)/g, '$1$2')
      .replace(/`([^`]*)`/g, '$1')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

export function titleFromText(text: string): string {
  const line = plainText(text);
  return line.length > TITLE_LENGTH ? `${line.slice(0, TITLE_LENGTH - 1).trimEnd()}…` : line;
}
