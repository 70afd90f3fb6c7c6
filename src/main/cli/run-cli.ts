import { EXIT_OK, EXIT_USAGE, write, type CliIo } from './cli-io';
import { runRouteCommand } from './route-command';

/**
 * The command table. Each command is `(argv, io) => exit code` and is imported only when used, so
 * `switchyard route` never loads the browser-mode server and vice versa.
 */

interface Command {
  summary: string;
  run(argv: readonly string[], io: CliIo): Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  route: {
    summary: 'send one chat request through the router and print the reply',
    run: (argv, io) => runRouteCommand(argv, io),
  },
  serve: {
    summary: 'run the app in a browser (the same API over loopback HTTP + WebSocket)',
    run: async (argv, io) => {
      const { runServe } = await import('../server/serve-command');
      return runServe(argv, {
        env: io.env,
        out: (line) => void io.stdout.write(`${line}\n`),
        err: (line) => void io.stderr.write(`${line}\n`),
      });
    },
  },
  endpoint: {
    summary: 'run the local OpenAI/Anthropic-compatible endpoint without the UI',
    run: async (argv, io) => {
      const { runEndpointCommand } = await import('../endpoint/endpoint-command');
      return runEndpointCommand(argv, {
        env: io.env,
        out: (line) => void io.stdout.write(`${line}\n`),
        err: (line) => void io.stderr.write(`${line}\n`),
      });
    },
  },
};

export const MAIN_USAGE = `Usage: switchyard <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`)
  .join('\n')}

Run 'switchyard <command> --help' for a command's options.`;

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    await write(name === undefined ? io.stderr : io.stdout, `${MAIN_USAGE}\n`);
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (name === '--version' || name === '-v') {
    await write(io.stdout, `${CLI_VERSION}\n`);
    return EXIT_OK;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    await write(io.stderr, `switchyard: unknown command "${name}"\n\n${MAIN_USAGE}\n`);
    return EXIT_USAGE;
  }
  return command.run(rest, io);
}

/** Kept in step with package.json by run-cli.test.ts. */
export const CLI_VERSION = '0.1.0';
