import { SwitchyardError } from '../../shared/errors';

/** `switchyard serve [--port N] [--host 127.0.0.1] [--config FILE] [--open] [--allow-remote] [--endpoint]` */
export interface ServeArgs {
  /** Absent: any free port (serve), the config's endpoint.port (endpoint). */
  port?: number;
  host: string;
  config?: string;
  open: boolean;
  allowRemote: boolean;
  /** Run the local endpoint too, whatever the Settings switch says. */
  endpoint: boolean;
  help: boolean;
}

export const SERVE_USAGE = `Usage: switchyard serve [--port N] [--host 127.0.0.1] [--config FILE] [--open] [--allow-remote] [--endpoint]

Serves the Switchyard UI and its API to a browser on this machine.
  --port N         port to listen on (default: 0, any free port)
  --host ADDR      address to bind (default 127.0.0.1; other than loopback needs --allow-remote)
  --config FILE    config file (default: $SWITCHYARD_CONFIG or the data folder's config.yaml)
  --open           open the URL in the default browser
  --allow-remote   allow a non-loopback --host (the API would be reachable from the network)
  --endpoint       also run the local OpenAI/Anthropic-compatible endpoint (endpoint.port in the config),
                   as the Settings switch does
Provider keys come from environment variables in browser mode (OPENAI_API_KEY, or api_key: $VAR in the config).`;

export function parseServeArgs(argv: readonly string[]): ServeArgs {
  const args: ServeArgs = { host: '127.0.0.1', open: false, allowRemote: false, endpoint: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i]!;
    const [flag, inline] = raw.startsWith('--') && raw.includes('=') ? [raw.slice(0, raw.indexOf('=')), raw.slice(raw.indexOf('=') + 1)] : [raw, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw usageError(`${flag} needs a value`, flag);
      return v;
    };
    switch (flag) {
      case '--port': {
        const text = value();
        const port = Number(text);
        if (!/^\d+$/.test(text) || port > 65535) throw usageError(`--port must be a number from 0 to 65535, got "${text}"`, flag);
        args.port = port;
        break;
      }
      case '--host':
        args.host = value();
        break;
      case '--config':
        args.config = value();
        break;
      case '--open':
        args.open = true;
        break;
      case '--allow-remote':
        args.allowRemote = true;
        break;
      case '--endpoint':
        args.endpoint = true;
        break;
      case '--help':
      case '-h':
        args.help = true;
        break;
      default:
        throw usageError(`unknown option "${raw}"`, raw);
    }
  }
  return args;
}

function usageError(message: string, flag: string): SwitchyardError {
  return new SwitchyardError('VALIDATION_FAILED', message, { details: { field: flag } });
}
