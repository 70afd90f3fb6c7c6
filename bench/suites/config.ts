import { createRedactor } from '../../src/main/api/redactor';
import { validateConfigText } from '../../src/main/config/load-config';
import { resolveConfig } from '../../src/main/config/resolve-config';
import { secretValues } from '../../src/main/config/secret-values';
import { maskConfigSecrets } from '../../src/main/stores/config-masking';
import { percentile } from '../lib/stats';
import type { BenchSuite, BenchTable } from '../types';

/**
 * Loading a config with many providers, each with its own literal key: parse and validate the YAML,
 * resolve it, and scrub the settings view the UI asks for at start (every key is scrubbed from it).
 * Linear means the cost per KB stays flat as the file grows; the largest case is just under the 1 MiB limit.
 */

const RUNS = 3;
const SIZES = [500, 1500, 3000, 6000];

function configText(providers: number): string {
  const lines = ['routing:', '  mode: direct', 'providers:'];
  for (let i = 0; i < providers; i++) {
    lines.push(
      `  provider-${i}:`,
      '    type: openai',
      `    base_url: https://llm-${i}.example.test/v1`,
      `    api_key: sk-bench-${String(i).padStart(6, '0')}-abcdefghijklmnop`,
      '    models: [model-a, model-b]',
    );
  }
  return `${lines.join('\n')}\n`;
}

function medianMs(run: () => void): number {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    run();
    samples.push(performance.now() - t0);
  }
  return percentile(samples, 50);
}

const suite: BenchSuite = {
  name: 'config',
  async run(): Promise<BenchTable[]> {
    const rows = SIZES.map((providers) => {
      const text = configText(providers);
      const kb = Buffer.byteLength(text) / 1024;
      const validation = validateConfigText(text);
      if (!validation.ok || !validation.config) throw new Error(`config of ${providers} providers did not validate`);
      const file = validation.config;
      const keys = secretValues(resolveConfig(file, {}));
      const parse = medianMs(() => validateConfigText(text));
      const view = medianMs(() => createRedactor(() => keys)(maskConfigSecrets(file)));
      return [providers, kb.toFixed(0), parse.toFixed(0), ((parse * 1000) / kb).toFixed(0), view.toFixed(0), ((view * 1000) / kb).toFixed(0)];
    });
    return [
      {
        title: `Config load: parse + validate, and the scrubbed settings view (median of ${RUNS})`,
        columns: ['providers', 'KB', 'parse ms', 'parse µs/KB', 'view ms', 'view µs/KB'],
        rows,
        notes: ['Linear: µs/KB stays flat as the file grows. Each provider holds its own literal key, all scrubbed from the view.'],
      },
    ];
  },
};

export default suite;
