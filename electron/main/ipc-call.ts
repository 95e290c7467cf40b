// The one IPC handler the renderer reaches (IPC_CHANNELS.call): it refuses a sender frame that is not our
// window's app:// page, a method name not in the API table and params that are not a plain JSON object or
// array of bounded size, then forwards the call to the node host. Every answer is an ApiOutcome: refusals
// are data, never a thrown error (which Electron would turn into an opaque rejection in the renderer).
import type { ApiFailure, ApiOutcome } from "../contract.js";

/** A call's params, serialized, are at most this long (the largest real one, a raw transaction, is ~200 KB). */
export const MAX_PARAMS_BYTES = 1024 * 1024;
/** Nesting beyond this is no API's params: refuse it before serializing. */
const MAX_DEPTH = 32;

export interface SenderLike {
  readonly sender?: unknown;
  readonly senderFrame?: { readonly url: string } | null;
}

export interface CallHandlerDeps {
  /** The API's method names (node-core/api's table). */
  readonly methods: ReadonlySet<string>;
  /** Whether `url` is a page of ours (the app:// origin). */
  readonly isTrustedUrl: (url: string) => boolean;
  /** Whether the sending web contents is our window's (default: any whose frame is trusted). */
  readonly isOurContents?: (sender: unknown) => boolean;
  readonly call: (method: string, params: unknown) => Promise<ApiOutcome<unknown>>;
}

export function refused(code: ApiFailure["code"], message: string, param?: string): ApiOutcome<never> {
  return { ok: false, error: { code, message, ...(param === undefined ? {} : { data: { param } }) } };
}

export type CallCheck =
  | { readonly ok: true; readonly method: string; readonly params: unknown }
  | { readonly ok: false; readonly outcome: ApiOutcome<never> };

/** A refusal when the sender is not our window's app:// page (every IPC handler checks it first), else null. */
export function foreignSender(
  deps: Pick<CallHandlerDeps, "isTrustedUrl" | "isOurContents">,
  event: SenderLike,
): ApiOutcome<never> | null {
  const url = event.senderFrame?.url;
  const ours = deps.isOurContents === undefined || deps.isOurContents(event.sender);
  return typeof url !== "string" || !deps.isTrustedUrl(url) || !ours
    ? refused("API_TRANSPORT_ERROR", "call refused: not sent by the app's own page")
    : null;
}

/** Validates one call's sender and arguments. */
export function checkCall(
  deps: Pick<CallHandlerDeps, "methods" | "isTrustedUrl" | "isOurContents">,
  event: SenderLike,
  args: readonly unknown[],
): CallCheck {
  const foreign = foreignSender(deps, event);
  if (foreign !== null) return { ok: false, outcome: foreign };
  if (args.length > 2) {
    return { ok: false, outcome: refused("API_INVALID_REQUEST", "a call takes a method name and params") };
  }
  const [method, params] = args;
  if (typeof method !== "string" || !deps.methods.has(method)) {
    const shown = typeof method === "string" ? method.slice(0, 64) : typeof method;
    return { ok: false, outcome: refused("API_METHOD_NOT_FOUND", `method not found: ${shown}`) };
  }
  const problem = paramsProblem(params);
  if (problem !== null)
    return { ok: false, outcome: refused("API_INVALID_PARAMS", `${method}: ${problem}`, "params") };
  return { ok: true, method, params };
}

/** The ipcMain.handle listener for IPC_CHANNELS.call. */
export function createCallHandler(deps: CallHandlerDeps) {
  return async (event: SenderLike, ...args: unknown[]): Promise<ApiOutcome<unknown>> => {
    const check = checkCall(deps, event, args);
    if (!check.ok) return check.outcome;
    try {
      return await deps.call(check.method, check.params);
    } catch (error) {
      // deps.call resolves with outcomes; a throw is a bug of ours, still answered as data.
      return refused(
        "API_TRANSPORT_ERROR",
        `the call failed: ${error instanceof Error ? error.message : "unknown"}`,
      );
    }
  };
}

/** Why `params` is not acceptable, or null. Undefined means "no params". */
export function paramsProblem(params: unknown): string | null {
  if (params === undefined) return null;
  if (typeof params !== "object" || params === null) return "params must be an object or an array";
  if (!Array.isArray(params) && !isPlainObject(params)) return "params must be a plain object or an array";
  const shape = jsonProblem(params, 0);
  if (shape !== null) return shape;
  let size: number;
  try {
    size = JSON.stringify(params).length;
  } catch {
    return "params must be JSON";
  }
  return size > MAX_PARAMS_BYTES ? `params are larger than ${MAX_PARAMS_BYTES} bytes` : null;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Only what JSON can carry (structured clone can carry more: Dates, Maps, typed arrays, cycles). */
function jsonProblem(value: unknown, depth: number): string | null {
  if (depth > MAX_DEPTH) return `params nest deeper than ${MAX_DEPTH} levels`;
  if (value === null || typeof value === "string" || typeof value === "boolean") return null;
  if (typeof value === "number")
    return Number.isFinite(value) ? null : "params hold a number JSON cannot carry";
  if (typeof value !== "object") return `params hold a ${typeof value}, which JSON cannot carry`;
  if (Array.isArray(value)) {
    for (const item of value) {
      const problem = jsonProblem(item, depth + 1);
      if (problem !== null) return problem;
    }
    return null;
  }
  if (!isPlainObject(value)) return "params hold an object that is not plain JSON";
  for (const item of Object.values(value)) {
    const problem = jsonProblem(item, depth + 1);
    if (problem !== null) return problem;
  }
  return null;
}
