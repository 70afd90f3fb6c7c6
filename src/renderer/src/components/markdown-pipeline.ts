import type { Root, RootContent } from 'hast';
import { toJsxRuntime } from 'hast-util-to-jsx-runtime';
import type { ReactNode } from 'react';
import { Fragment, jsx, jsxs } from 'react/jsx-runtime';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified, type PluggableList } from 'unified';
import { MARKDOWN_ELEMENTS } from './markdown-elements';

/**
 * Markdown → mdast → hast → React elements, with unified's own parser (micromark, CommonMark exact) and
 * GitHub's extensions (tables, task lists, footnotes, strikethrough, autolinks) plus `$$…$$` math. Single
 * dollars stay text: "$5 and $10" in a reply about prices is not a formula.
 *
 * The processors are built once: attaching the syntax extensions costs more than parsing a short message,
 * which react-markdown pays on every render.
 */
function createProcessor(rehypePlugins: PluggableList) {
  return (
    unified()
      .use(remarkParse)
      .use(remarkGfm)
      .use(remarkMath, { singleDollarTextMath: false })
      // Raw HTML comes through as `raw` nodes only so that it can be shown as the text it is (see below).
      .use(remarkRehype, { allowDangerousHtml: true })
      .use(rehypePlugins)
      .freeze()
  );
}

const plain = createProcessor([]);
let withMath: { plugins: PluggableList; processor: ReturnType<typeof createProcessor> } | undefined;

export interface RenderOptions {
  /** rehype plugins that typeset math (loaded lazily); without them math shows as its TeX source. */
  math?: PluggableList;
  /** Prefix for the ids footnotes link by, unique per message on the page. */
  idPrefix?: string;
}

export function renderMarkdown(source: string, { math, idPrefix }: RenderOptions = {}): ReactNode {
  let processor = plain;
  if (math) {
    if (withMath?.plugins !== math) withMath = { plugins: math, processor: createProcessor(math) };
    processor = withMath.processor;
  }
  const tree = processor.runSync(processor.parse(source));
  finish(tree, idPrefix);
  return toJsxRuntime(tree, { Fragment, jsx, jsxs, components: MARKDOWN_ELEMENTS, passNode: true, ignoreInvalidStyle: true });
}

const CLOBBER_PREFIX = 'user-content-';
const FOOTNOTE_LABEL = 'footnote-label';

/**
 * Raw HTML in the text becomes text: it is shown, never parsed. And with `idPrefix`, footnote ids (which
 * remark-rehype gives every message alike, the footnotes heading's without even its usual prefix) are made
 * the message's own, so two messages on one page never share an id.
 */
function finish(node: Root | RootContent, idPrefix: string | undefined): void {
  if (!('children' in node)) return;
  node.children.forEach((child, index) => {
    if (child.type === 'raw') node.children[index] = { type: 'text', value: child.value };
    else if (child.type === 'element' && idPrefix !== undefined) scopeIds(child.properties, idPrefix);
    finish(child, idPrefix);
  });
}

function scopeIds(properties: Record<string, unknown>, prefix: string): void {
  const scope = (value: string): string => prefix + (value.startsWith(CLOBBER_PREFIX) ? value.slice(CLOBBER_PREFIX.length) : value);
  if (properties.id === FOOTNOTE_LABEL || (typeof properties.id === 'string' && properties.id.startsWith(CLOBBER_PREFIX))) properties.id = scope(properties.id);
  if (typeof properties.href === 'string' && properties.href.startsWith(`#${CLOBBER_PREFIX}`)) properties.href = `#${scope(properties.href.slice(1))}`;
  if (Array.isArray(properties.ariaDescribedBy)) properties.ariaDescribedBy = properties.ariaDescribedBy.map((id) => (id === FOOTNOTE_LABEL ? scope(id) : id));
}
