// The logger type every node-core module takes (a structural subset of pino's, so a pino logger fits and
// so does a test double), the pino-backed createLogger with secret redaction at any depth, and the two
// test loggers: silentLogger (drops everything) and memoryLogger (records every entry).
import { pino } from "pino";

export type LogLevel = "trace" | "debug" | "info" | "warn" | "error" | "fatal";

export const LOG_LEVELS: readonly LogLevel[] = ["trace", "debug", "info", "warn", "error", "fatal"];

export interface LogFn {
  (obj: object, msg?: string): void;
  (msg: string): void;
}

export interface Logger {
  child(bindings: Record<string, unknown>): Logger;
  trace: LogFn;
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  fatal: LogFn;
}

/** What replaces a secret-bearing value in a log line. */
export const REDACTED = "[redacted]";

/**
 * Words that mark a key as secret-bearing. A key is redacted when any word of it (camelCase, snake_case
 * and kebab-case split) is one of these, so `operatorSecret`, `seed_phrase` and `authToken` are caught too;
 * `privateKey` is matched as the pair "private key". Redacting a harmless key (`seedNodes`) costs a little
 * debugging; logging a mnemonic costs a wallet.
 */
const SECRET_WORDS: ReadonlySet<string> = new Set([
  "secret",
  "secrets",
  "seed",
  "seeds",
  "mnemonic",
  "mnemonics",
  "password",
  "passwords",
  "passphrase",
  "cookie",
  "cookies",
  "token",
  "tokens",
  "privatekey",
]);

/** How deep redaction walks; deeper values are replaced rather than risk logging what is below. */
const MAX_REDACT_DEPTH = 16;

export function isSecretKey(key: string): boolean {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    if (SECRET_WORDS.has(word)) return true;
    if (word === "private" && words[i + 1] === "key") return true;
  }
  return false;
}

/**
 * A copy of `value` with every secret-bearing key's value replaced by REDACTED, at any depth. Errors are
 * serialized first (pino's err serializer) so their own fields are redacted too; byte arrays and other
 * non-plain leaves are kept for pino to print.
 */
export function redactSecrets(value: unknown): unknown {
  return redact(value, 0, new WeakSet());
}

function redact(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (ArrayBuffer.isView(value) || value instanceof Date) return value;
  if (seen.has(value)) return "[Circular]";
  if (depth >= MAX_REDACT_DEPTH) return REDACTED;
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1, seen));
    const source: object = value instanceof Error ? pino.stdSerializers.err(value) : value;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(source)) {
      out[key] = isSecretKey(key) ? REDACTED : redact(item, depth + 1, seen);
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

export interface LoggerOptions {
  readonly level?: LogLevel | "silent";
  /** Bound as `name` on every line. */
  readonly name?: string;
  /** Where lines go (default: stdout). */
  readonly destination?: pino.DestinationStream;
}

/**
 * A pino logger whose every line goes through redactSecrets: the merged object through pino's log
 * formatter, child bindings in child() (pino applies its bindings formatter to the root logger only).
 */
export function createLogger(opts: LoggerOptions = {}): Logger {
  const options: pino.LoggerOptions = {
    level: opts.level ?? "info",
    formatters: { log: (obj) => redactSecrets(obj) as Record<string, unknown> },
    ...(opts.name === undefined ? {} : { name: opts.name }),
  };
  return redacting(opts.destination === undefined ? pino(options) : pino(options, opts.destination));
}

function redacting(logger: pino.Logger): Logger {
  return {
    child: (bindings) => redacting(logger.child(redactSecrets(bindings) as Record<string, unknown>)),
    trace: logger.trace.bind(logger),
    debug: logger.debug.bind(logger),
    info: logger.info.bind(logger),
    warn: logger.warn.bind(logger),
    error: logger.error.bind(logger),
    fatal: logger.fatal.bind(logger),
  };
}

const noop: LogFn = () => {};

/** Drops everything. For code paths whose logging a test does not look at. */
export const silentLogger: Logger = Object.freeze({
  child: () => silentLogger,
  trace: noop,
  debug: noop,
  info: noop,
  warn: noop,
  error: noop,
  fatal: noop,
});

export interface LogEntry {
  readonly level: LogLevel;
  /** Child bindings in force, outermost first. */
  readonly bindings: Readonly<Record<string, unknown>>;
  /** The logged object as given (not copied, not redacted: tests compare identities such as `err`). */
  readonly obj: Readonly<Record<string, unknown>>;
  readonly msg: string | undefined;
}

export interface MemoryLogger extends Logger {
  /** Every entry logged through this logger or any of its children, in order. */
  readonly entries: LogEntry[];
  /** The entries at `level`. */
  at(level: LogLevel): LogEntry[];
}

/** Records every entry, for tests that check what was logged. */
export function memoryLogger(): MemoryLogger {
  const entries: LogEntry[] = [];
  const build = (bindings: Readonly<Record<string, unknown>>): MemoryLogger => {
    const at = (level: LogLevel): LogFn =>
      ((objOrMsg: object | string, msg?: string) => {
        if (typeof objOrMsg === "string") entries.push({ level, bindings, obj: {}, msg: objOrMsg });
        else entries.push({ level, bindings, obj: objOrMsg as Record<string, unknown>, msg });
      }) as LogFn;
    return {
      entries,
      at: (level) => entries.filter((e) => e.level === level),
      child: (more) => build({ ...bindings, ...more }),
      trace: at("trace"),
      debug: at("debug"),
      info: at("info"),
      warn: at("warn"),
      error: at("error"),
      fatal: at("fatal"),
    };
  };
  return build({});
}
