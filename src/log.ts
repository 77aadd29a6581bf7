/**
 * One-line logger. Every line goes through `redact`, so a secret registered at start
 * (Slack token, signing secret) can never reach the log, whatever a caller passes.
 *
 *   const log = createLogger({ secrets: [config.slack.botToken] });
 *   log.info('listening', { port: 3000 });
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export interface LoggerOptions {
  /** Lowest level written. Default `info`. */
  level?: LogLevel;
  /** Values replaced by `[redacted]` wherever they appear. Empty/undefined entries are ignored. */
  secrets?: (string | undefined)[];
  /** Where lines go. Default: stderr for warn/error, stdout otherwise. */
  write?: (line: string, level: LogLevel) => void;
}

function render(value: unknown): string {
  if (value instanceof Error) return value.message;
  if (typeof value === 'string') return /\s|"/.test(value) ? JSON.stringify(value) : value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const min = ORDER[options.level ?? 'info'];
  const secrets = (options.secrets ?? []).filter((s): s is string => Boolean(s && s.length >= 4));
  const write =
    options.write ??
    ((line: string, level: LogLevel) => (level === 'warn' || level === 'error' ? process.stderr : process.stdout).write(line + '\n'));
  const redact = (s: string) => secrets.reduce((acc, secret) => acc.split(secret).join('[redacted]'), s);
  const emit = (level: LogLevel) => (msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[level] < min) return;
    const tail = fields
      ? Object.entries(fields)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => `${k}=${render(v)}`)
          .join(' ')
      : '';
    write(redact(`${new Date().toISOString()} ${level} ${msg}${tail ? ' ' + tail : ''}`), level);
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

/** A logger that drops everything (tests, library use). */
export const silentLogger: Logger = createLogger({ level: 'silent' });
