// One API method as data (name, ordered params with zod schemas and help, result description, handler) and
// the one way any transport calls it: callMethod(table, runtime, name, params) with params given by
// position (an array, in the declared order) or by name (an object). Params are validated at run time, so
// a handler only ever sees typed, checked values; every failure leaves as an ApiError.
import { z } from "zod";
import { isNodeCoreError } from "../util/index.js";
import { ApiError } from "./errors.js";
import type { ApiRuntime } from "./runtime.js";

/** What a handler gets besides its params. */
export interface MethodCall {
  readonly api: ApiRuntime;
  /** Runs `task` once the reply has been sent (stop uses it); a transport without replies runs it next. */
  afterReply(task: () => void): void;
}

export interface MethodSpec<Name extends string, Shape extends z.ZodRawShape, Result> {
  readonly name: Name;
  /** One line for `help`. */
  readonly summary: string;
  /** Params in positional order (the key order of this object): a schema each. */
  readonly params: Shape;
  /** One line of help per param. */
  readonly paramHelp: { readonly [K in keyof Shape]: string };
  /** What the result is, for `help`. */
  readonly result: string;
  readonly handler: (call: MethodCall, params: z.output<z.ZodObject<Shape>>) => Promise<Result> | Result;
}

/** A method with its types erased: what tables hold and transports call. */
export interface Method {
  readonly name: string;
  readonly summary: string;
  readonly paramNames: readonly string[];
  /** Names of the params that may be left out. */
  readonly optional: ReadonlySet<string>;
  /**
   * Names of the params that take only text (their schema accepts strings and nothing else): a command-line
   * client passes these as typed, never as JSON, so an all-digit passphrase stays a string (bitcoin-cli's
   * table of non-string params, read from the schemas here instead of kept by hand).
   */
  readonly textParams: ReadonlySet<string>;
  readonly paramHelp: Readonly<Record<string, string>>;
  readonly result: string;
  invoke(call: MethodCall, params: unknown): Promise<unknown>;
}

/**
 * A method that keeps its name, params and result types, for typed clients (the desktop contract):
 * `types` is never set at run time; only its type is read.
 */
export interface TypedMethod<Name extends string, Params, Result> extends Method {
  readonly name: Name;
  readonly types?: { readonly params: Params; readonly result: Result };
}

export type MethodTable = ReadonlyMap<string, Method>;

/** Most params any method takes by position (a guard against huge arrays before validation). */
const MAX_PARAMS = 16;

/**
 * Defines a method. `Result` must be JSON-safe (no bigint, no bytes): amounts are decimal strings, bytes
 * hex, heights numbers.
 */
export function defineMethod<const Name extends string, Shape extends z.ZodRawShape, Result>(
  spec: MethodSpec<Name, Shape, Result>,
): TypedMethod<Name, z.input<z.ZodObject<Shape>>, Awaited<Result>> {
  const schema = z.strictObject(spec.params);
  const paramNames = Object.keys(spec.params);
  const optional = new Set(
    paramNames.filter((name) => (spec.params[name] as z.ZodType).safeParse(undefined).success),
  );
  const textParams = new Set(paramNames.filter((name) => takesOnlyText(spec.params[name] as z.ZodType)));
  return {
    name: spec.name,
    summary: spec.summary,
    paramNames,
    optional,
    textParams,
    paramHelp: spec.paramHelp as Readonly<Record<string, string>>,
    result: spec.result,
    async invoke(call, raw) {
      const named = toNamed(spec.name, paramNames, raw);
      const parsed = schema.safeParse(named);
      if (!parsed.success) throw invalidParams(spec.name, parsed.error);
      return spec.handler(call, parsed.data);
    },
  };
}

/**
 * Whether a schema accepts strings and no other JSON value: a string (with any checks or transform), a
 * string enum or literal, or a union of those, possibly optional, nullable or with a default. Anything it
 * does not recognise counts as not only text, so the client keeps parsing that param as JSON.
 */
export function takesOnlyText(schema: z.ZodType): boolean {
  if (schema instanceof z.ZodString) return true;
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable)
    return takesOnlyText(schema.unwrap() as z.ZodType);
  if (schema instanceof z.ZodDefault || schema instanceof z.ZodPrefault)
    return takesOnlyText(schema.unwrap() as z.ZodType);
  if (schema instanceof z.ZodPipe) return takesOnlyText(schema.in as z.ZodType);
  if (schema instanceof z.ZodEnum) return schema.options.every((v) => typeof v === "string");
  if (schema instanceof z.ZodLiteral) return [...schema.values].every((v) => typeof v === "string");
  if (schema instanceof z.ZodUnion) return schema.options.every((o) => takesOnlyText(o as z.ZodType));
  return false;
}

/** A table from a list of methods; a duplicate name is a programming error. */
export function methodTable(methods: readonly Method[]): MethodTable {
  const table = new Map<string, Method>();
  for (const method of methods) {
    if (table.has(method.name)) throw new Error(`duplicate API method ${method.name}`);
    table.set(method.name, method);
  }
  return table;
}

export interface CallOptions {
  /** Where tasks to run after the reply go; default: run on the next turn of the event loop. */
  readonly afterReply?: (task: () => void) => void;
}

/**
 * Calls `name` with positional (array) or named (object) params; absent params are `undefined`. Resolves
 * with the JSON-safe result or rejects with an ApiError (anything else a handler throws becomes
 * API_INTERNAL_ERROR, with the node error's code as data.reason).
 */
export async function callMethod(
  table: MethodTable,
  api: ApiRuntime,
  name: string,
  params: unknown,
  options: CallOptions = {},
): Promise<unknown> {
  const method = typeof name === "string" ? table.get(name) : undefined;
  if (method === undefined) {
    throw new ApiError("API_METHOD_NOT_FOUND", `method not found: ${String(name).slice(0, 64)}`);
  }
  const afterReply = options.afterReply ?? ((task: () => void) => void setImmediate(task));
  try {
    return await method.invoke({ api, afterReply }, params);
  } catch (error) {
    throw toApiError(error);
  }
}

/** The ApiError a failure reaches the caller as. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (isNodeCoreError(error)) {
    return new ApiError("API_INTERNAL_ERROR", `internal error: ${error.message}`, { reason: error.code });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ApiError("API_INTERNAL_ERROR", `internal error: ${message}`);
}

function toNamed(method: string, names: readonly string[], raw: unknown): Record<string, unknown> {
  if (raw === undefined || raw === null) return {};
  if (Array.isArray(raw)) {
    if (raw.length > Math.min(names.length, MAX_PARAMS)) {
      throw new ApiError(
        "API_INVALID_PARAMS",
        `${method} takes at most ${names.length} param${names.length === 1 ? "" : "s"}, got ${raw.length}`,
      );
    }
    const named: Record<string, unknown> = {};
    // A null in a positional list stands for "left out" (bitcoin-cli style: `getblock HASH null`).
    raw.forEach((value, i) => {
      if (value !== null) named[names[i] as string] = value;
    });
    return named;
  }
  if (typeof raw === "object") {
    // fromEntries defines own properties: a "__proto__" key stays a key (refused as unknown), never a prototype.
    return Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== null));
  }
  throw new ApiError("API_INVALID_PARAMS", `${method}: params must be an array or an object`);
}

function invalidParams(method: string, error: z.ZodError): ApiError {
  const issues = error.issues.slice(0, 8).map((issue) => {
    if (issue.code === "unrecognized_keys")
      return `unknown param${issue.keys.length > 1 ? "s" : ""} ${issue.keys.join(", ")}`;
    const where = issue.path.map(String).join(".");
    return where.length > 0 ? `${where}: ${issue.message}` : issue.message;
  });
  const first = error.issues[0];
  const param = first !== undefined && first.path.length > 0 ? String(first.path[0]) : undefined;
  return new ApiError("API_INVALID_PARAMS", `invalid params for ${method}: ${issues.join("; ")}`, {
    issues,
    ...(param === undefined ? {} : { param }),
  });
}
