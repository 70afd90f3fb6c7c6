// @vitest-environment happy-dom
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { highlight } from './highlight';
import { Markdown } from './markdown';
import { parseMarkdown } from './markdown-parse';

afterEach(cleanup);

describe('Markdown', () => {
  it('renders code fences with highlighting and a copy button', () => {
    const { container, getByRole } = render(<Markdown source={'Try this:\n\n```python\n# comment\ndef f(x):\n    return "hi" + 1\n```\n'} />);
    const code = container.querySelector('pre code')!;
    expect(code.textContent).toBe('# comment\ndef f(x):\n    return "hi" + 1');
    expect(container.querySelector('.tok-comment')?.textContent).toBe('# comment');
    expect(container.querySelector('.tok-keyword')?.textContent).toBe('def');
    expect(container.querySelector('.tok-string')?.textContent).toBe('"hi"');
    expect(container.querySelector('.code-lang')?.textContent).toBe('python');
    expect(getByRole('button', { name: 'Copy code' })).toBeTruthy();
  });

  it('never turns reply text into HTML', () => {
    const { container } = render(<Markdown source={'<img src=x onerror="alert(1)"> and <script>alert(2)</script> **bold**'} />);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('script')).toBeNull();
    expect(container.textContent).toContain('<img src=x onerror="alert(1)">');
    expect(container.querySelector('strong')?.textContent).toBe('bold');
  });

  it('links only http(s) and mailto URLs, opening outside the app', () => {
    const { container } = render(<Markdown source={'[ok](https://example.com) [bad](javascript:alert(1)) see https://plano.dev/docs.'} />);
    const links = [...container.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://example.com', 'https://plano.dev/docs']);
    expect(links[0]!.getAttribute('rel')).toContain('noreferrer');
    expect(links[0]!.getAttribute('target')).toBe('_blank');
    expect(container.textContent).toContain('[bad](javascript:alert(1))');
  });

  it('renders lists, headings, quotes, tables and inline styles', () => {
    const { container } = render(<Markdown source={'## Title\n\n- a\n- *b*\n\n1. one\n2. two\n\n> quoted\n\n| k | v |\n|---|---|\n| x | `1` |\n\n~~old~~'} />);
    expect(container.querySelector('h4')?.textContent).toBe('Title');
    expect(container.querySelectorAll('ul li')).toHaveLength(2);
    expect(container.querySelector('ul em')?.textContent).toBe('b');
    expect(container.querySelectorAll('ol li')).toHaveLength(2);
    expect(container.querySelector('blockquote')?.textContent).toBe('quoted');
    expect(container.querySelectorAll('td')).toHaveLength(2);
    expect(container.querySelector('td code')?.textContent).toBe('1');
    expect(container.querySelector('del')?.textContent).toBe('old');
  });

  it('shows an unclosed fence (mid-stream) as code', () => {
    const blocks = parseMarkdown('text\n```js\nconst a = 1;');
    expect(blocks[1]).toMatchObject({ type: 'code', lang: 'js', text: 'const a = 1;', closed: false });
  });

  it('keeps snake_case words and escaped characters as text', () => {
    const { container } = render(<Markdown source={'call my_func_name and \\*not italic\\*'} />);
    expect(container.querySelector('em')).toBeNull();
    expect(container.textContent).toBe('call my_func_name and *not italic*');
  });
});

describe('highlight', () => {
  it('leaves unknown languages as plain text and keeps every character', () => {
    expect(highlight('foo bar', 'klingon')).toEqual([{ kind: 'plain', text: 'foo bar' }]);
    const src = 'const x = `a${1}` // done\nlet y = 0x1F;';
    expect(highlight(src, 'ts').map((t) => t.text).join('')).toBe(src);
  });
});
