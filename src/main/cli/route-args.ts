import { parseArgs } from 'node:util';
import { ROUTING_MODES, type RoutingMode } from '../../shared/chat';

/** `switchyard route` flags: parsed and checked here so a mistake names its flag before anything runs. */

export const ROUTE_USAGE = `Usage: switchyard route [options] [PROMPT]

Send one chat request through Switchyard's router and print the reply.
The prompt is read from stdin when PROMPT is absent (echo "hi" | switchyard route).

Options:
  --config FILE        config file (default: $SWITCHYARD_CONFIG, else config.yaml in the data folder:
                       Linux $XDG_CONFIG_HOME/switchyard or ~/.config/switchyard,
                       macOS ~/Library/Application Support/Switchyard, Windows %APPDATA%\\Switchyard)
  --mode MODE          direct | plano_proxy | plano_embedded (default: routing.mode from the config)
  --provider NAME      a provider from the config (default: the first one)
  --model ID           model id (default: the provider's default_model)
  --system TEXT        system prompt
  --temperature T      0 to 2
  --max-tokens N       a positive whole number
  --stream             print text as it arrives
  --json               print the whole response as JSON, with its route trace
                       (with --stream: one JSON stream part per line)
  -h, --help           show this help

Exit status: 0 success, 1 the request failed (error code and message on stderr),
2 usage or config error, 130 interrupted.`;

export interface RouteArgs {
  help: boolean;
  config?: string;
  mode?: RoutingMode;
  provider?: string;
  model?: string;
  system?: string;
  temperature?: number;
  maxTokens?: number;
  stream: boolean;
  json: boolean;
  /** Joined positionals; undefined means read stdin. */
  prompt?: string;
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function parseRouteArgs(argv: readonly string[]): RouteArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        config: { type: 'string' },
        mode: { type: 'string' },
        provider: { type: 'string' },
        model: { type: 'string' },
        system: { type: 'string' },
        temperature: { type: 'string' },
        'max-tokens': { type: 'string' },
        stream: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    // Node's messages already name the flag ("Unknown option '--tempature'", "Option '--model <value>' argument missing").
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
  const v = parsed.values;
  const args: RouteArgs = { help: v.help === true, stream: v.stream === true, json: v.json === true };
  if (args.help) return args;

  for (const name of ['config', 'provider', 'model'] as const) {
    const value = v[name];
    if (value !== undefined && value.trim() === '') throw new UsageError(`--${name}: must not be empty`);
  }
  if (v.config !== undefined) args.config = v.config;
  if (v.provider !== undefined) args.provider = v.provider;
  if (v.model !== undefined) args.model = v.model;
  if (v.system !== undefined) args.system = v.system;
  if (v.mode !== undefined) {
    if (!(ROUTING_MODES as readonly string[]).includes(v.mode)) {
      throw new UsageError(`--mode: expected one of ${ROUTING_MODES.join(', ')}, got "${v.mode}"`);
    }
    args.mode = v.mode as RoutingMode;
  }
  if (v.temperature !== undefined) {
    const t = strictNumber(v.temperature);
    if (t === undefined || t < 0 || t > 2) throw new UsageError(`--temperature: expected a number from 0 to 2, got "${v.temperature}"`);
    args.temperature = t;
  }
  if (v['max-tokens'] !== undefined) {
    const n = strictNumber(v['max-tokens']);
    if (n === undefined || !Number.isInteger(n) || n <= 0) {
      throw new UsageError(`--max-tokens: expected a positive whole number, got "${v['max-tokens']}"`);
    }
    args.maxTokens = n;
  }
  if (parsed.positionals.length > 0) args.prompt = parsed.positionals.join(' ');
  return args;
}

/** `Number('')` is 0 and `Number('0x1f')` is 31: accept only plain decimal notation. */
function strictNumber(text: string): number | undefined {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text.trim())) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}
