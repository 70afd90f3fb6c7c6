import { memo, useId, useMemo, type ReactNode } from 'react';
import type { PluggableList } from 'unified';
import { lazyModule, onIdle } from './lazy-module';
import { splitBlocks } from './markdown-blocks';
import { renderMarkdown } from './markdown-pipeline';

const katex = lazyModule(() => import('./katex-plugins'));

// The first message rendered would otherwise pay for compiling the whole pipeline (tens of milliseconds
// on a slow machine): paid here, while the page is idle, on a sample of the common constructs.
onIdle(() => {
  splitBlocks('a\n\nb');
  void renderMarkdown('# a\n\n**b** _c_ `d` [e](https://f.test)\n\n- [x] g\n\n| h |\n|---|\n| i |\n\n```\nj\n```\n\n> k');
});

/**
 * A reply or prompt as GitHub-flavoured Markdown with math, rendered into React elements (see
 * markdown-pipeline.ts): raw HTML is shown as text, links open outside the app, images are never loaded.
 * Streaming text is safe as it grows: an unclosed fence or `$$` runs to the end until it closes, and only
 * the last block re-renders.
 */
export const Markdown = memo(function Markdown({ source }: { source: string }) {
  const id = useId();
  const math = katex.use(source.includes('$$'))?.rehypeMath;
  const blocks = useMemo(() => splitBlocks(source), [source]);
  // Footnotes need ids unique on the page; a message with them is one block (see splitBlocks).
  const idPrefix = source.includes('[^') ? `${id.replace(/[^\w-]/g, '')}-` : undefined;
  return (
    <div className="md">
      {blocks.map((block, index) => (
        <MarkdownBlock key={index} source={block} math={math} idPrefix={idPrefix} settled={index < blocks.length - 1} />
      ))}
    </div>
  );
});

const MarkdownBlock = memo(function MarkdownBlock({ source, math, idPrefix, settled }: { source: string; math: PluggableList | undefined; idPrefix: string | undefined; settled: boolean }) {
  return useMemo(() => (settled && idPrefix === undefined ? renderCached(source, math) : renderMarkdown(source, { math, idPrefix })), [source, math, idPrefix, settled]);
});

/**
 * Rows of a virtual list remount as they scroll back into view: a block already rendered is reused. Only
 * blocks with text after them are kept; the last one may still be growing, and caching each version of it
 * would only evict useful entries.
 */
const CACHE_LIMIT = 500;
const cache = new Map<string, ReactNode>();
function renderCached(source: string, math: PluggableList | undefined): ReactNode {
  const key = `${math ? 1 : 0}${source}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const rendered = renderMarkdown(source, { math });
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, rendered);
  return rendered;
}
