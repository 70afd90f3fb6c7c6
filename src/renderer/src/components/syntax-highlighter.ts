import type { ReactNode } from 'react';
import { Fragment, jsx, jsxs } from 'react/jsx-runtime';
import { toJsxRuntime } from 'hast-util-to-jsx-runtime';
import { common, createLowlight } from 'lowlight';
import { onIdle } from './lazy-module';
import clojure from 'highlight.js/lib/languages/clojure';
import cmake from 'highlight.js/lib/languages/cmake';
import dart from 'highlight.js/lib/languages/dart';
import dockerfile from 'highlight.js/lib/languages/dockerfile';
import elixir from 'highlight.js/lib/languages/elixir';
import erlang from 'highlight.js/lib/languages/erlang';
import fsharp from 'highlight.js/lib/languages/fsharp';
import groovy from 'highlight.js/lib/languages/groovy';
import haskell from 'highlight.js/lib/languages/haskell';
import julia from 'highlight.js/lib/languages/julia';
import latex from 'highlight.js/lib/languages/latex';
import matlab from 'highlight.js/lib/languages/matlab';
import nginx from 'highlight.js/lib/languages/nginx';
import nix from 'highlight.js/lib/languages/nix';
import ocaml from 'highlight.js/lib/languages/ocaml';
import powershell from 'highlight.js/lib/languages/powershell';
import protobuf from 'highlight.js/lib/languages/protobuf';
import scala from 'highlight.js/lib/languages/scala';

/**
 * highlight.js grammars through lowlight, loaded lazily by code-block.tsx: lowlight's common set (37
 * languages: the C family, JS/TS, Python, Go, Rust, shells, SQL, JSON, YAML, XML/HTML, CSS, diff, ...) and
 * the ones chat replies show next most often. The whole of highlight.js (190 grammars, about a megabyte)
 * would be one long task to parse in the middle of a streaming reply.
 */
const lowlight = createLowlight({
  ...common,
  clojure,
  cmake,
  dart,
  dockerfile,
  elixir,
  erlang,
  fsharp,
  groovy,
  haskell,
  julia,
  latex,
  matlab,
  nginx,
  nix,
  ocaml,
  powershell,
  protobuf,
  scala,
});

/**
 * highlight.js turns a grammar into its regular expressions the first time the language is used, which
 * for the bigger grammars takes tens of milliseconds: done here for the languages replies use most, one
 * per idle moment, rather than when the first code block of a streaming reply arrives.
 */
const WARM_UP = ['typescript', 'javascript', 'python', 'bash', 'json', 'shell'];
function warmUp(): void {
  const language = WARM_UP.shift();
  if (language === undefined) return;
  lowlight.highlight(language, 'x');
  onIdle(warmUp);
}
onIdle(warmUp);

/**
 * `code` as React elements: spans with `hljs-*` classes (styled in markdown.css, no inline styles, which
 * the CSP would refuse), or undefined for a language it does not know.
 */
export function highlightCode(code: string, language: string): ReactNode | undefined {
  if (!language || !lowlight.registered(language)) return undefined;
  return toJsxRuntime(lowlight.highlight(language, code), { Fragment, jsx, jsxs });
}
