import { memo, useMemo } from 'react';
import { CopyButton } from './copy-button';
import { lazyModule } from './lazy-module';

const highlighter = lazyModule(() => import('./syntax-highlighter'), { whenIdle: true });

/** A fenced code block: its language, a copy button, and the code highlighted once the grammars are in. */
export const CodeBlock = memo(function CodeBlock({ language, code }: { language: string; code: string }) {
  const loaded = highlighter.use(language !== '');
  const highlighted = useMemo(() => loaded?.highlightCode(code, language), [loaded, code, language]);
  return (
    <div className="code-block">
      <div className="code-head">
        <span className="code-lang">{language || 'text'}</span>
        <CopyButton text={code} label="Copy code" />
      </div>
      <pre>
        <code>{highlighted ?? code}</code>
      </pre>
    </div>
  );
});
