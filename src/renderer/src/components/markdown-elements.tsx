import type { Element, ElementContent } from 'hast';
import type { Components } from 'hast-util-to-jsx-runtime';
import { CodeBlock } from './code-block';

const WEB_URL = /^https?:\/\//i;
const LINK_URL = /^(https?:\/\/|mailto:)/i;

/**
 * How Markdown's elements become the app's: links open outside the app (and only to the web or mail),
 * images are never loaded, code blocks get a language label, a copy button and highlighting, tables
 * scroll sideways, and headings sit below the page's own.
 */
export const MARKDOWN_ELEMENTS: Components = {
  a: ({ node: _node, href, children, ...rest }) => {
    // Footnote references and back-links stay in the message.
    if (href?.startsWith('#')) return <a href={href} {...rest}>{children}</a>;
    // Anything else (javascript:, data:, a path into the app) keeps its text and loses the link.
    if (href === undefined || !LINK_URL.test(href)) return <span>{children}</span>;
    return (
      <a href={href} target="_blank" rel="noreferrer noopener" {...rest}>
        {children}
      </a>
    );
  },
  /**
   * An image in a reply is never fetched: the CSP allows only the app's own images, and a remote image is
   * how a prompt injection would leak a conversation (its URL is requested as the page shows it). A web
   * image becomes a link the user may choose to open; any other its description.
   */
  img: ({ src, alt }) => {
    const label = `Image: ${alt || 'no description'}`;
    return typeof src === 'string' && WEB_URL.test(src) ? (
      <a className="md-image" href={src} target="_blank" rel="noreferrer noopener">
        {label}
      </a>
    ) : (
      <span className="md-image">{label}</span>
    );
  },
  pre: ({ node, children }) => {
    const code = node?.children[0];
    if (code?.type !== 'element' || code.tagName !== 'code') return <pre>{children}</pre>;
    return <CodeBlock language={languageOf(code)} code={textOf(code).replace(/\n$/, '')} />;
  },
  table: ({ node: _node, ...props }) => (
    <div className="md-table-wrap">
      <table {...props} />
    </div>
  ),
  // A reply sits under the page's own headings: its # is the page's third level.
  h1: ({ node: _node, ...props }) => <h3 {...props} />,
  h2: ({ node: _node, ...props }) => <h4 {...props} />,
  h3: ({ node: _node, ...props }) => <h5 {...props} />,
  h4: ({ node: _node, ...props }) => <h6 {...props} />,
  h5: ({ node: _node, ...props }) => <h6 {...props} />,
};

function languageOf(code: Element): string {
  const classes = code.properties.className;
  const language = Array.isArray(classes) ? classes.find((c) => String(c).startsWith('language-')) : undefined;
  return language === undefined ? '' : String(language).slice('language-'.length).toLowerCase();
}

function textOf(node: ElementContent): string {
  if (node.type === 'text') return node.value;
  return node.type === 'element' ? node.children.map(textOf).join('') : '';
}
