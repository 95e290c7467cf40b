// What the console must never echo or keep: the params that carry a password or recovery words (by name,
// for every method that has them), and results that carry recovery words (createwallet's mnemonic). A
// command line is masked token by token, so the method and the other arguments stay readable.
import type { Token } from "./command-line.js";

export const SECRET_PARAMS: ReadonlySet<string> = new Set([
  "passphrase",
  "oldpassphrase",
  "newpassphrase",
  "mnemonic",
  "mnemonic_passphrase",
]);

/** Methods known to take secrets: when `help` could not be read, all their arguments are masked. */
const SECRET_METHODS: ReadonlySet<string> = new Set([
  "createwallet",
  "restorewallet",
  "loadwallet",
  "walletpassphrase",
  "walletpassphrasechange",
]);

/** Methods whose result holds a secret: the transcript shows it once and nothing keeps it. */
export const SECRET_RESULT_METHODS: ReadonlySet<string> = new Set(["createwallet"]);

export const MASK = "••••••";

/**
 * The command line with every secret argument replaced by the mask: positional ones by the method's param
 * order, named ones (a single object argument) by key. Without the param order, a method known to take
 * secrets has all its arguments masked.
 */
export function maskCommand(
  method: string,
  args: readonly Token[],
  paramOrder: readonly string[] | null,
): string {
  const masked = args.map((token, i) => {
    if (args.length === 1 && isPlainObject(token.value)) return maskObject(token.value);
    if (paramOrder === null)
      return SECRET_METHODS.has(method) || looksSecretMethod(method) ? MASK : token.raw;
    const name = paramOrder[i];
    return name !== undefined && SECRET_PARAMS.has(name) ? MASK : token.raw;
  });
  return [method, ...masked].join(" ");
}

/** Whether a method takes any secret param (its history line is masked, never replayed as typed). */
export function takesSecrets(method: string, paramOrder: readonly string[] | null): boolean {
  if (paramOrder === null) return SECRET_METHODS.has(method) || looksSecretMethod(method);
  return paramOrder.some((name) => SECRET_PARAMS.has(name));
}

function looksSecretMethod(method: string): boolean {
  return /pass|mnemonic|wallet/i.test(method);
}

function maskObject(value: Record<string, unknown>): string {
  const copy: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    Object.defineProperty(copy, key, { value: SECRET_PARAMS.has(key) ? MASK : v, enumerable: true });
  }
  return JSON.stringify(copy);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
