// The one way every tool reads its command line: `--help` prints the usage, a mistake in how the
// tool was called is one plain line on stderr and exit code 2, anything else that goes wrong is
// the tool's own failure (exit 1). Durations are always written like `30s`, `5m`, `1h`.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './durations.js';

export { UsageError };

type Options = NonNullable<ParseArgsConfig['options']>;

/** `parseArgs` with `--help` added, strict about unknown options, positionals allowed. */
export function readArgs<T extends Options>(argv: string[], options: T) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { ...options, help: { type: 'boolean', short: 'h', default: false } },
    });
  } catch (error) {
    // node:util reports unknown or malformed options as TypeError with an ERR_PARSE_ARGS code.
    throw new UsageError((error as Error).message.replace(/\s*\n\s*/g, ' '));
  }
}

export interface Tool<T> {
  /** The name in messages, e.g. `wait-for-health`. */
  name: string;
  usage: string;
  /** Turns the command line into options; throws UsageError on a mistake. */
  parse: (argv: string[]) => T;
  /** Does the work; resolves to the exit code. */
  run: (options: T) => Promise<number>;
}

/** Runs a tool on `process.argv` and sets the exit code. */
export async function runTool<T>(tool: Tool<T>, argv = process.argv.slice(2)): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(tool.usage);
    process.exitCode = 0;
    return;
  }
  let options: T;
  try {
    options = tool.parse(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${tool.name}: ${error.message} (see --help)`);
    process.exitCode = 2;
    return;
  }
  try {
    process.exitCode = await tool.run(options);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${tool.name}: ${error.message} (see --help)`);
      process.exitCode = 2;
      return;
    }
    console.error(`${tool.name}: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
