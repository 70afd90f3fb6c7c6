import { memo, useMemo, type ReactNode } from 'react';
import { CopyButton } from './copy-button';
import { highlight } from './highlight';
import { parseMarkdown, type Block, type Inline } from './markdown-parse';

/** Renders Markdown as React elements (no HTML injection); code blocks are highlighted with a copy button. */
export const Markdown = memo(function Markdown({ source }: { source: string }) {
  const blocks = useMemo(() => parseCached(source), [source]);
  return <div className="md">{blocks.map(renderBlock)}</div>;
});

/** Rows of a virtual list remount as they scroll back into view; do not re-parse what was just shown. */
const CACHE_LIMIT = 300;
const cache = new Map<string, Block[]>();
function parseCached(source: string): Block[] {
  const hit = cache.get(source);
  if (hit) return hit;
  const blocks = parseMarkdown(source);
  // Streaming text changes on every flush; caching those partial versions would only evict useful entries.
  if (source.length < 20_000) {
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(source, blocks);
  }
  return blocks;
}

function renderBlock(block: Block, key: number): ReactNode {
  switch (block.type) {
    case 'code':
      return <CodeBlock key={key} lang={block.lang} text={block.text} />;
    case 'heading': {
      const Tag = `h${Math.min(6, block.level + 2)}` as 'h3';
      return <Tag key={key}>{block.children.map(renderInline)}</Tag>;
    }
    case 'paragraph':
      return <p key={key}>{block.children.map(renderInline)}</p>;
    case 'quote':
      return <blockquote key={key}>{block.children.map(renderBlock)}</blockquote>;
    case 'hr':
      return <hr key={key} />;
    case 'list': {
      const items = block.items.map((item, i) => <li key={i}>{item.map(renderBlock)}</li>);
      return block.ordered ? (
        <ol key={key} start={block.start}>
          {items}
        </ol>
      ) : (
        <ul key={key}>{items}</ul>
      );
    }
    case 'table':
      return (
        <div className="md-table-wrap" key={key}>
          <table>
            <thead>
              <tr>{block.header.map((c, i) => <th key={i}>{c.map(renderInline)}</th>)}</tr>
            </thead>
            <tbody>
              {block.rows.map((row, r) => (
                <tr key={r}>{row.map((c, i) => <td key={i}>{c.map(renderInline)}</td>)}</tr>
              ))}
            </tbody>
          </table>
        </div>
      );
  }
}

function renderInline(node: Inline, key: number): ReactNode {
  switch (node.type) {
    case 'text':
      return node.text;
    case 'code':
      return <code key={key}>{node.text}</code>;
    case 'br':
      return <br key={key} />;
    case 'strong':
      return <strong key={key}>{node.children.map(renderInline)}</strong>;
    case 'em':
      return <em key={key}>{node.children.map(renderInline)}</em>;
    case 'del':
      return <del key={key}>{node.children.map(renderInline)}</del>;
    case 'link':
      return (
        <a key={key} href={node.href} target="_blank" rel="noreferrer noopener">
          {node.children.map(renderInline)}
        </a>
      );
  }
}

const CodeBlock = memo(function CodeBlock({ lang, text }: { lang: string; text: string }) {
  const tokens = useMemo(() => highlight(text, lang), [text, lang]);
  return (
    <div className="code-block">
      <div className="code-head">
        <span className="code-lang">{lang || 'text'}</span>
        <CopyButton text={text} label="Copy code" />
      </div>
      <pre>
        <code>
          {tokens.map((t, i) => (t.kind === 'plain' ? t.text : <span key={i} className={`tok-${t.kind}`}>{t.text}</span>))}
        </code>
      </pre>
    </div>
  );
});
