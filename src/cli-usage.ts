/**
 * Command lines of the project's tools (`npm run ask`, `npm run report`): node:util `parseArgs`
 * in strict mode, and one error class for what the person typed wrong.
 *
 *   const { values, positionals } = parseCommandLine(argv, { options: { json: { type: 'boolean' } }, allowPositionals: true });
 *   // on a mistake: throws UsageError('unknown option --jsn'); the tool prints it with its usage and exits 2
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A command line the tool cannot run: the message says what is wrong, for a person to fix. */
export class UsageError extends Error {}

type CommandLineConfig = Pick<ParseArgsConfig, 'options' | 'allowPositionals'>;

/**
 * `parseArgs({ args: argv, strict: true, ...config })`, where
 * - `--` is ignored wherever it stands (options after it still count), as the tools always did;
 * - a word such as `-5` is a value or a positional, not an unknown option `-5`;
 * - an error of parseArgs becomes a `UsageError` of one line: `unknown option --x` (`unknown
 *   argument x` for a command without positionals), `-k needs a value`, `--json takes no value`.
 */
export function parseCommandLine<T extends CommandLineConfig>(argv: string[], config: T): ReturnType<typeof parseArgs<T & { strict: true }>> {
  // parseArgs reads `-5` as option `-5`: such words go to it behind a NUL (never in a real argv) and come back without it.
  const args = argv.filter((a) => a !== '--').map((a) => (/^-\d/.test(a) ? SHIELD + a : a));
  try {
    const { values, positionals } = parseArgs({ ...config, args, strict: true });
    const restored = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Array.isArray(v) ? v.map(unshield) : unshield(v)]));
    return { values: restored, positionals: positionals.map(unshield) } as ReturnType<typeof parseArgs<T & { strict: true }>>;
  } catch (err) {
    const message = usageMessage(err, config);
    if (message === undefined) throw err;
    throw new UsageError(message);
  }
}

const SHIELD = '\0';
const unshield = <V>(v: V): V => (typeof v === 'string' && v.startsWith(SHIELD) ? (v.slice(1) as V) : v);

/** One line for an error of parseArgs (undefined for any other error). */
function usageMessage(err: unknown, config: CommandLineConfig): string | undefined {
  const code = (err as { code?: unknown })?.code;
  if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS_')) return undefined;
  const { message } = err as Error;
  // Every message quotes what it is about: `'--x'`, `'7d'`, `'-k, --k <value>'` (first name kept).
  const quoted = /'([^']*)'/.exec(message)?.[1];
  const name = quoted === undefined ? undefined : unshield(quoted.replace(/ <value>$/, '').split(', ')[0]);
  if (name === undefined) return message;
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return config.allowPositionals ? `unknown option ${name}` : `unknown argument ${name}`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unknown argument ${name}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return optionType(name, config) === 'boolean' ? `${name} takes no value` : `${name} needs a value`;
    default:
      return message;
  }
}

function optionType(name: string, config: CommandLineConfig): 'string' | 'boolean' | undefined {
  const entry = Object.entries(config.options ?? {}).find(([long, o]) => name === `--${long}` || (o.short !== undefined && name === `-${o.short}`));
  return entry?.[1].type;
}
