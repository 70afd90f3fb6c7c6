/**
 * A small Markdown parser for chat replies: fenced code, headings, lists, quotes, rules, tables and
 * paragraphs, with inline code, bold, italic, strikethrough and links. It builds a tree that is rendered
 * as React elements, never as HTML, so a reply cannot inject markup. An unclosed fence (mid-stream) is a
 * code block up to the end.
 */

export type Inline =
  | { type: 'text'; text: string }
  | { type: 'code'; text: string }
  | { type: 'strong' | 'em' | 'del'; children: Inline[] }
  | { type: 'link'; href: string; children: Inline[] }
  | { type: 'br' };

export type Block =
  | { type: 'code'; lang: string; text: string; closed: boolean }
  | { type: 'heading'; level: number; children: Inline[] }
  | { type: 'paragraph'; children: Inline[] }
  | { type: 'quote'; children: Block[] }
  | { type: 'list'; ordered: boolean; start: number; items: Block[][] }
  | { type: 'table'; header: Inline[][]; rows: Inline[][][] }
  | { type: 'hr' };

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([\w+#.-]*)/;
const HEADING = /^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const HR = /^ {0,3}([-*_])(\s*\1){2,}\s*$/;
const LIST_ITEM = /^(\s*)([-*+]|\d{1,9}[.)])\s+(.*)$/;
const QUOTE = /^ {0,3}>\s?(.*)$/;
const TABLE_SEP = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/;

export function parseMarkdown(source: string): Block[] {
  return parseBlocks(source.replace(/\r\n?/g, '\n').split('\n'));
}

function parseBlocks(lines: string[]): Block[] {
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === '') {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const marker = fence[1]!;
      const body: string[] = [];
      i++;
      let closed = false;
      while (i < lines.length) {
        if (lines[i]!.trim().startsWith(marker) && lines[i]!.trim().replace(/[`~]/g, '') === '') {
          closed = true;
          i++;
          break;
        }
        body.push(lines[i]!);
        i++;
      }
      blocks.push({ type: 'code', lang: fence[2]!.toLowerCase(), text: body.join('\n'), closed });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      blocks.push({ type: 'heading', level: heading[1]!.length, children: parseInline(heading[2]!) });
      i++;
      continue;
    }
    if (HR.test(line)) {
      blocks.push({ type: 'hr' });
      i++;
      continue;
    }
    if (QUOTE.test(line)) {
      const body: string[] = [];
      while (i < lines.length && QUOTE.test(lines[i]!)) body.push(QUOTE.exec(lines[i++]!)![1]!);
      blocks.push({ type: 'quote', children: parseBlocks(body) });
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      const [list, next] = parseList(lines, i);
      blocks.push(list);
      i = next;
      continue;
    }
    if (line.includes('|') && i + 1 < lines.length && TABLE_SEP.test(lines[i + 1]!)) {
      const header = splitRow(line).map(parseInline);
      i += 2;
      const rows: Inline[][][] = [];
      while (i < lines.length && lines[i]!.includes('|') && lines[i]!.trim() !== '') rows.push(splitRow(lines[i++]!).map(parseInline));
      blocks.push({ type: 'table', header, rows });
      continue;
    }
    const para: string[] = [];
    while (i < lines.length && lines[i]!.trim() !== '' && !startsBlock(lines[i]!)) para.push(lines[i++]!);
    if (para.length === 0) para.push(lines[i++]!);
    blocks.push({ type: 'paragraph', children: parseInline(para.join('\n')) });
  }
  return blocks;
}

function startsBlock(line: string): boolean {
  return FENCE.test(line) || HEADING.test(line) || HR.test(line) || QUOTE.test(line) || LIST_ITEM.test(line);
}

function parseList(lines: string[], from: number): [Block, number] {
  const first = LIST_ITEM.exec(lines[from]!)!;
  const indent = first[1]!.length;
  const ordered = /\d/.test(first[2]!);
  const items: Block[][] = [];
  let current: string[] | undefined;
  let i = from;
  while (i < lines.length) {
    const line = lines[i]!;
    const m = LIST_ITEM.exec(line);
    if (m && m[1]!.length === indent && /\d/.test(m[2]!) === ordered) {
      if (current) items.push(parseBlocks(current));
      current = [m[3]!];
      i++;
      continue;
    }
    if (line.trim() === '') {
      // A blank line ends the list unless the next line continues it (indented or another item).
      const next = lines[i + 1];
      if (next !== undefined && (/^\s{2,}/.test(next) || LIST_ITEM.exec(next)?.[1]!.length === indent)) {
        current?.push('');
        i++;
        continue;
      }
      break;
    }
    if (/^\s+/.test(line) || (!startsBlock(line) && current)) {
      current?.push(line.replace(new RegExp(`^\\s{0,${indent + 3}}`), ''));
      i++;
      continue;
    }
    break;
  }
  if (current) items.push(parseBlocks(current));
  return [{ type: 'list', ordered, start: ordered ? Number.parseInt(first[2]!, 10) : 1, items }, i];
}

function splitRow(line: string): string[] {
  let t = line.trim();
  if (t.startsWith('|')) t = t.slice(1);
  if (t.endsWith('|')) t = t.slice(0, -1);
  return t.split('|').map((c) => c.trim());
}

const SAFE_URL = /^(https?:|mailto:)/i;

/** Inline spans. Only http(s) and mailto links become links; anything else stays text. */
export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let plain = '';
  const pushText = (): void => {
    if (plain) out.push({ type: 'text', text: plain });
    plain = '';
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '\\' && i + 1 < text.length && /[\\`*_~[\]()#>!|-]/.test(text[i + 1]!)) {
      plain += text[i + 1];
      i += 2;
      continue;
    }
    if (ch === '`') {
      const run = /^`+/.exec(text.slice(i))![0];
      const end = text.indexOf(run, i + run.length);
      if (end > 0) {
        pushText();
        out.push({ type: 'code', text: text.slice(i + run.length, end).trim() || text.slice(i + run.length, end) });
        i = end + run.length;
        continue;
      }
    }
    if (ch === '\n') {
      // Chat replies use single newlines as line breaks.
      pushText();
      out.push({ type: 'br' });
      i++;
      continue;
    }
    // Checked by character first: slicing the rest of the text at every position would be quadratic.
    const delim = ch === '*' || ch === '_' ? (text[i + 1] === ch ? ch + ch : ch) : ch === '~' && text[i + 1] === '~' ? '~~' : undefined;
    if (delim) {
      const end = findClosing(text, delim, i + delim.length);
      const intraword = delim[0] === '_' && /\w/.test(text[i - 1] ?? '');
      if (end > i + delim.length && !intraword && !/\s/.test(text[i + delim.length]!)) {
        pushText();
        const type = delim === '~~' ? 'del' : delim.length === 2 ? 'strong' : 'em';
        out.push({ type, children: parseInline(text.slice(i + delim.length, end)) });
        i = end + delim.length;
        continue;
      }
    }
    if (ch === '[') {
      const m = /^\[([^\]\n]+)\]\(([^)\s]+)(?:\s+"[^"]*")?\)/.exec(text.slice(i));
      if (m && SAFE_URL.test(m[2]!)) {
        pushText();
        out.push({ type: 'link', href: m[2]!, children: parseInline(m[1]!) });
        i += m[0].length;
        continue;
      }
    }
    if (ch === 'h' && (text.startsWith('http://', i) || text.startsWith('https://', i)) && !/\w/.test(text[i - 1] ?? '')) {
      const m = /^https?:\/\/[^\s<>()]+[^\s<>().,;:!?'"]/.exec(text.slice(i));
      if (m) {
        pushText();
        out.push({ type: 'link', href: m[0], children: [{ type: 'text', text: m[0] }] });
        i += m[0].length;
        continue;
      }
    }
    plain += ch;
    i++;
  }
  pushText();
  return out;
}

function findClosing(text: string, delim: string, from: number): number {
  let i = from;
  while (i < text.length) {
    if (text[i] === '`') {
      const close = text.indexOf('`', i + 1);
      if (close < 0) return -1;
      i = close + 1;
      continue;
    }
    if (text.startsWith(delim, i) && !/\s/.test(text[i - 1] ?? ' ')) {
      // `**` must not be mistaken for two `*` closers.
      if (delim.length === 1 && text[i + 1] === delim) {
        i += 2;
        continue;
      }
      return i;
    }
    i++;
  }
  return -1;
}
