import rehypeKatex from 'rehype-katex';
import type { PluggableList } from 'unified';

/**
 * KaTeX for `$$…$$` math, loaded lazily by markdown.tsx (about 270 kB that a reply without math never
 * needs). It writes MathML, which Chromium lays out natively: KaTeX's HTML output positions every glyph
 * with inline `style` attributes, which the CSP refuses, and needs its own stylesheet and fonts.
 * `trust: false` keeps `\href` and `\includegraphics` from making links or loading images; a formula KaTeX
 * cannot parse shows its source instead of failing the message.
 */
export const rehypeMath: PluggableList = [[rehypeKatex, { output: 'mathml', trust: false, strict: 'ignore' }]];
