// The one error base of node-core: a machine-readable `code`, a payload typed by that code, and a plain
// JSON form ({ code, message, payload }) so an error crosses RPC and IPC unchanged. Every module's error
// class derives from NodeCoreError; callers match errors by code (isNodeCoreError / hasErrorCode), never
// by their shape, so a foreign object that merely has a `code` property is not mistaken for one of ours.

export type JsonScalar = string | number | boolean | null;
export type JsonValue = JsonScalar | readonly JsonValue[] | JsonObject;
export interface JsonObject {
  readonly [key: string]: JsonValue | undefined;
}

/**
 * T mapped so that every value is JSON-safe; a bigint, Uint8Array, function, Date, symbol or `unknown`
 * anywhere inside becomes `never`, so a payload interface holding one fails the constraint below. Optional
 * fields stay optional (JSON drops `undefined`).
 */
export type JsonSafe<T> = [T] extends [JsonValue | undefined]
  ? T
  : T extends JsonScalar | undefined
    ? T
    : T extends bigint | symbol | Uint8Array | Date | ((...args: never[]) => unknown)
      ? never
      : T extends readonly (infer E)[]
        ? readonly JsonSafe<E>[]
        : T extends object
          ? { readonly [K in keyof T]: JsonSafe<T[K]> }
          : never;

/**
 * Payload types by code, each JSON-safe (checked through `JsonSafe`). A code missing from the map gets the
 * payload type `never`, so an error with that code cannot be constructed.
 */
export type PayloadMap<Payloads> = { readonly [K in keyof Payloads]: JsonSafe<Payloads[K]> };

/** The payload type of `Code` in `Payloads`. */
export type PayloadOf<Payloads, Code extends string> = Payloads[Code & keyof Payloads];

/** The payloads of an error whose code is not known statically (rebuilt, or narrowed by a guard). */
export type AnyPayloads = Record<string, JsonObject>;

/** The wire form of an error. */
export interface NodeCoreErrorObject<Code extends string = string, Payload = JsonObject> {
  readonly code: Code;
  readonly message: string;
  readonly payload: Payload;
}

/** Code of the error fromObject throws when handed something that is not an error object. */
export const MALFORMED_ERROR_OBJECT = "UTIL_MALFORMED_ERROR_OBJECT";

/** Deepest payload nesting fromObject accepts (a guard against cyclic or hostile input, not a format rule). */
const MAX_PAYLOAD_DEPTH = 32;

export class NodeCoreError<
  Code extends string = string,
  Payloads extends PayloadMap<Payloads> = AnyPayloads,
> extends Error {
  override name = "NodeCoreError";
  readonly code: Code;
  readonly payload: PayloadOf<Payloads, Code>;

  constructor(code: Code, message: string, payload: PayloadOf<Payloads, Code>, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.payload = payload;
  }

  /**
   * The plain JSON-safe form; `undefined` payload fields are left out, as JSON.stringify would. Never throws:
   * reporting an error must not fail, so a value the payload type forbids but that slipped in at run time
   * (NaN, a bigint through a cast) is written as JSON would carry it (null) or as its string.
   */
  toObject(): NodeCoreErrorObject<Code, PayloadOf<Payloads, Code>> {
    return {
      code: this.code,
      message: this.message,
      payload: copyJson(this.payload, "payload", 0, false) as PayloadOf<Payloads, Code>,
    };
  }

  /** So that JSON.stringify(error) gives the wire form rather than `{}`. */
  toJSON(): NodeCoreErrorObject<Code, PayloadOf<Payloads, Code>> {
    return this.toObject();
  }

  /**
   * Rebuilds an error from its wire form. Any code is accepted (an error from a newer peer keeps its code);
   * anything that is not `{ code: non-empty string, message: string, payload: JSON object }` throws a
   * NodeCoreError with code UTIL_MALFORMED_ERROR_OBJECT naming the offending field. Never throws anything else.
   */
  static fromObject(value: unknown): NodeCoreError {
    let code: string;
    let message: string;
    let payload: JsonObject;
    try {
      if (!isPlainObject(value)) throw malformed("", "an error object must be a plain object", kindOf(value));
      const rawCode = value.code;
      if (typeof rawCode !== "string" || rawCode.length === 0) {
        throw malformed("code", "the error code must be a non-empty string", kindOf(rawCode));
      }
      const rawMessage = value.message;
      if (typeof rawMessage !== "string") {
        throw malformed("message", "the error message must be a string", kindOf(rawMessage));
      }
      const rawPayload = value.payload === undefined ? {} : value.payload;
      if (!isPlainObject(rawPayload)) {
        throw malformed("payload", "the error payload must be a plain object", kindOf(rawPayload));
      }
      code = rawCode;
      message = rawMessage;
      payload = copyJson(rawPayload, "payload", 0, true) as JsonObject;
    } catch (err) {
      if (err instanceof NodeCoreError && err.code === MALFORMED_ERROR_OBJECT) throw err;
      // A throwing getter or a Proxy trap: still a clear, coded refusal.
      throw malformed(
        "",
        "the error object could not be read",
        err instanceof Error ? err.name : kindOf(err),
      );
    }
    return new NodeCoreError(code, message, payload);
  }
}

/**
 * True when `value` is a NodeCoreError whose code starts with `prefix` (every error when no prefix is
 * given), e.g. isNodeCoreError(err, "MEMPOOL_").
 */
export function isNodeCoreError<Prefix extends string = "">(
  value: unknown,
  prefix?: Prefix,
): value is NodeCoreError<`${Prefix}${string}`, AnyPayloads> {
  return value instanceof NodeCoreError && (prefix === undefined || value.code.startsWith(prefix));
}

/** True when `value` is a NodeCoreError with exactly `code` (or one of `codes`). */
export function hasErrorCode<C extends string>(
  value: unknown,
  code: C | readonly C[],
): value is NodeCoreError<C, AnyPayloads> {
  if (!(value instanceof NodeCoreError)) return false;
  return typeof code === "string" ? value.code === code : (code as readonly string[]).includes(value.code);
}

function malformed(field: string, message: string, actual: string): NodeCoreError {
  return new NodeCoreError(MALFORMED_ERROR_OBJECT, message, { field, actual });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (value instanceof Uint8Array) return "Uint8Array";
  if (typeof value === "object") return (value as object).constructor?.name ?? "object";
  return typeof value;
}

/**
 * A deep copy holding only JSON values; `undefined` object fields are dropped. When `strict`, anything else
 * (bigint, bytes, class instances, non-finite numbers, nesting past MAX_PAYLOAD_DEPTH, which also stops
 * cycles) is refused with the path where it was found; otherwise it is replaced as described at toObject.
 */
function copyJson(value: unknown, path: string, depth: number, strict: boolean): JsonValue {
  if (depth > MAX_PAYLOAD_DEPTH) {
    if (strict) throw malformed(path, "the payload nests too deeply", `depth ${depth}`);
    return null;
  }
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (Number.isFinite(value)) return value;
    if (strict) throw malformed(path, "payload numbers must be finite", String(value));
    return null;
  }
  if (Array.isArray(value)) {
    return value.map((item, i) => copyJson(item, `${path}[${i}]`, depth + 1, strict));
  }
  if (isPlainObject(value)) {
    const entries: [string, JsonValue][] = [];
    for (const key of Object.keys(value)) {
      const item = value[key];
      if (item !== undefined) entries.push([key, copyJson(item, `${path}.${key}`, depth + 1, strict)]);
    }
    // fromEntries defines own properties, so a "__proto__" key stays a key instead of replacing the prototype.
    return Object.fromEntries(entries);
  }
  if (strict) {
    throw malformed(
      path,
      "payload values must be strings, numbers, booleans or plain objects",
      kindOf(value),
    );
  }
  return String(value);
}
