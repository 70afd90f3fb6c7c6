/** The shape every benchmark suite returns; bench/run.ts prints these and writes them to bench/results/. */

export interface BenchTable {
  title: string;
  columns: string[];
  rows: (string | number)[][];
  /** Goal checks (PASS/MISS), caveats, how to read the table. */
  notes?: string[];
}

/** A file in bench/suites/ default-exports one of these. */
export interface BenchSuite {
  /** Used on the command line: `npm run bench -- <name>`. */
  name: string;
  run(): Promise<BenchTable[]>;
}
