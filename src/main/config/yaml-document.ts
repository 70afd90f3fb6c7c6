import { isMap, isPair, isScalar, isSeq, visit, type Document, type LineCounter, type Node, type Pair, type YAMLMap } from 'yaml';
import type { ConfigProblem } from '../../shared/api';

/**
 * What the config loader asks of the parsed YAML document besides its value: where a path is written,
 * which keys are written twice, where an alias is. Each in time linear in the document: a config with
 * thousands of providers must load in a moment, not in minutes.
 */

type PathSegment = PropertyKey;

export class YamlLocator {
  /** Each map's pairs by key text, built the first time the map is looked into. */
  readonly #index = new WeakMap<YAMLMap, Map<string, Pair>>();

  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  /** The 1-based line where `path` is written, or of its nearest existing ancestor. */
  lineOf(path: readonly PathSegment[]): number | undefined {
    let node: unknown = this.doc.contents;
    let offset: number | undefined = (this.doc.contents as Node | null)?.range?.[0];
    for (const segment of path) {
      if (isMap(node)) {
        const pair = this.#pairs(node).get(String(segment));
        if (!pair) break;
        offset = (pair.key as Node | null)?.range?.[0] ?? offset;
        node = pair.value;
      } else if (isSeq(node) && /^\d+$/.test(String(segment))) {
        // Dotted paths (`providers.a.models.1`) carry list indexes as text.
        const item = node.items[Number(segment)] as Node | undefined;
        if (!item) break;
        offset = item.range?.[0] ?? offset;
        node = item;
      } else {
        break;
      }
    }
    return this.#line(offset);
  }

  /** Keys written twice in one mapping (YAML forbids it; the second would silently win), each at its line. */
  duplicateKeys(): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    visit(this.doc, {
      Map: (_key, map, ancestors) => {
        const seen = new Set<string>();
        for (const pair of map.items) {
          const key = keyText(pair.key);
          if (!seen.has(key)) {
            seen.add(key);
            continue;
          }
          const problem: ConfigProblem = { path: [...pathOf(ancestors), key].join('.'), message: `duplicate key "${key}": map keys must be unique` };
          const line = this.#line((pair.key as Node | null)?.range?.[0]);
          if (line !== undefined) problem.line = line;
          problems.push(problem);
        }
      },
    });
    return problems;
  }

  /** Where the first alias is written (for an alias that expands too far): its path and line. */
  firstAlias(): Pick<ConfigProblem, 'path' | 'line'> {
    let found: Pick<ConfigProblem, 'path' | 'line'> = { path: '' };
    visit(this.doc, {
      Alias: (_key, node, ancestors) => {
        found = { path: pathOf(ancestors).join('.') };
        const line = this.#line(node.range?.[0]);
        if (line !== undefined) found.line = line;
        return visit.BREAK;
      },
    });
    return found;
  }

  #pairs(map: YAMLMap): Map<string, Pair> {
    let pairs = this.#index.get(map);
    if (!pairs) {
      pairs = new Map();
      for (const pair of map.items) if (isPair(pair) && !pairs.has(keyText(pair.key))) pairs.set(keyText(pair.key), pair);
      this.#index.set(map, pairs);
    }
    return pairs;
  }

  #line(offset: number | undefined): number | undefined {
    return offset === undefined ? undefined : this.lines.linePos(offset).line;
  }
}

function keyText(key: unknown): string {
  if (isScalar(key)) return String(key.value);
  return String(key);
}

/** The keys leading to a node, from the visitor's ancestors (documents, maps, pairs, sequences). */
function pathOf(ancestors: readonly unknown[]): string[] {
  const path: string[] = [];
  for (let i = 0; i < ancestors.length; i++) {
    const node = ancestors[i];
    if (isPair(node)) path.push(keyText(node.key));
    else if (isSeq(node)) {
      const index = node.items.indexOf(ancestors[i + 1] as never);
      if (index >= 0) path.push(String(index));
    }
  }
  return path;
}
