/**
 * A tiny syntax highlighter: comments, strings, numbers and keywords for the languages chat replies
 * use most. It returns tokens (rendered as spans), never HTML. Unknown languages get the generic rules.
 */

export type TokenKind = 'plain' | 'comment' | 'string' | 'number' | 'keyword' | 'literal' | 'fn';
export interface Token {
  kind: TokenKind;
  text: string;
}

interface LangRules {
  comment: string[];
  keywords: string[];
  literals: string[];
}

const C_LIKE_COMMENTS = ['//[^\\n]*', '/\\*[\\s\\S]*?(?:\\*/|$)'];
const HASH_COMMENTS = ['#[^\\n]*'];

const JS_KEYWORDS = 'async await break case catch class const continue default delete do else export extends finally for from function if import in instanceof interface let new of return static super switch this throw try type typeof var void while yield enum implements private public protected readonly as'.split(' ');
const LANGS: Record<string, LangRules> = {
  js: { comment: C_LIKE_COMMENTS, keywords: JS_KEYWORDS, literals: ['true', 'false', 'null', 'undefined', 'NaN'] },
  python: {
    comment: HASH_COMMENTS,
    keywords: 'and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case print'.split(' '),
    literals: ['True', 'False', 'None', 'self'],
  },
  shell: { comment: HASH_COMMENTS, keywords: 'if then else elif fi for while do done case esac function in export local return echo cd sudo apt npm npx git docker curl'.split(' '), literals: [] },
  rust: { comment: C_LIKE_COMMENTS, keywords: 'as async await break const continue crate else enum extern fn for if impl in let loop match mod move mut pub ref return self Self static struct super trait type unsafe use where while'.split(' '), literals: ['true', 'false', 'None', 'Some', 'Ok', 'Err'] },
  go: { comment: C_LIKE_COMMENTS, keywords: 'break case chan const continue default defer else fallthrough for func go goto if import interface map package range return select struct switch type var'.split(' '), literals: ['true', 'false', 'nil', 'iota'] },
  c: { comment: C_LIKE_COMMENTS, keywords: 'auto break case char class const continue default do double else enum extern float for goto if int long namespace new private public register return short signed sizeof static struct switch template typedef union unsigned void volatile while include define public static final import package'.split(' '), literals: ['true', 'false', 'NULL', 'nullptr', 'null'] },
  json: { comment: [], keywords: [], literals: ['true', 'false', 'null'] },
  yaml: { comment: HASH_COMMENTS, keywords: [], literals: ['true', 'false', 'null', 'yes', 'no'] },
  sql: { comment: ['--[^\\n]*'], keywords: 'select from where insert into values update set delete create table drop alter join left right inner outer on group by order having limit and or not as distinct union primary key index'.split(' '), literals: ['null', 'true', 'false'] },
};

const ALIASES: Record<string, string> = {
  javascript: 'js', jsx: 'js', ts: 'js', tsx: 'js', typescript: 'js', mjs: 'js', cjs: 'js',
  py: 'python', python3: 'python', sh: 'shell', bash: 'shell', zsh: 'shell', console: 'shell', shell: 'shell',
  rs: 'rust', golang: 'go', cpp: 'c', 'c++': 'c', h: 'c', java: 'c', cs: 'c', csharp: 'c', kotlin: 'c', swift: 'c',
  yml: 'yaml', toml: 'yaml', ini: 'yaml', jsonc: 'json',
};

const cache = new Map<string, RegExp>();

function ruleFor(lang: string): { re: RegExp; rules: LangRules } | undefined {
  const key = ALIASES[lang] ?? lang;
  const rules = LANGS[key];
  if (!rules) return undefined;
  let re = cache.get(key);
  if (!re) {
    const caseless = key === 'sql' ? 'i' : '';
    const words = (list: string[]): string => (list.length ? `\\b(?:${list.join('|')})\\b` : '(?!)');
    re = new RegExp(
      [
        `(${rules.comment.length ? rules.comment.join('|') : '(?!)'})`,
        '("(?:[^"\\\\\\n]|\\\\.)*"?|\'(?:[^\'\\\\\\n]|\\\\.)*\'?|`(?:[^`\\\\]|\\\\.)*`?)',
        '(\\b(?:0x[\\da-fA-F]+|\\d+(?:\\.\\d+)?(?:e[+-]?\\d+)?)\\b)',
        `(${words(rules.keywords)})`,
        `(${words(rules.literals)})`,
        '([A-Za-z_$][\\w$]*(?=\\s*\\())',
      ].join('|'),
      `g${caseless}`,
    );
    cache.set(key, re);
  }
  return { re, rules };
}

const KINDS: TokenKind[] = ['comment', 'string', 'number', 'keyword', 'literal', 'fn'];

export function highlight(code: string, lang: string): Token[] {
  const found = ruleFor(lang.toLowerCase());
  if (!found) return [{ kind: 'plain', text: code }];
  const { re } = found;
  re.lastIndex = 0;
  const tokens: Token[] = [];
  let last = 0;
  for (let m = re.exec(code); m; m = re.exec(code)) {
    if (m[0] === '') {
      re.lastIndex++;
      continue;
    }
    if (m.index > last) tokens.push({ kind: 'plain', text: code.slice(last, m.index) });
    const group = m.slice(1).findIndex((g) => g !== undefined);
    tokens.push({ kind: KINDS[group] ?? 'plain', text: m[0] });
    last = m.index + m[0].length;
  }
  if (last < code.length) tokens.push({ kind: 'plain', text: code.slice(last) });
  return tokens;
}
