// JSON-RPC 2.0 envelopes, apart from HTTP: parses a body (one request or a batch of at most maxBatch),
// checks each request's shape, calls the method and writes the response text: one response per request
// with an id, none for notifications (no id), and the spec's error objects (-32700 parse, -32600 invalid
// request, the method's ApiError otherwise). Batch members run one after another, in order, as Bitcoin
// Core does, so a batch may create and then use something.
import { API_ERROR_NUMBERS, type ApiError, toApiError } from "../api/index.js";

type Id = string | number | null;

export interface JsonRpcErrorObject {
  readonly code: number;
  readonly message: string;
  readonly data?: unknown;
}

export interface JsonRpcHandlers {
  readonly maxBatch: number;
  call(method: string, params: unknown): Promise<unknown>;
  /** A call failed with an internal error (logged by the server; the client gets its message). */
  onInternalError(method: string, error: ApiError): void;
}

function errorObject(error: ApiError): JsonRpcErrorObject {
  const data = error.data;
  return Object.keys(data).length > 0
    ? { code: error.rpcCode, message: error.message, data }
    : { code: error.rpcCode, message: error.message };
}

function errorText(id: Id, code: number, message: string): string {
  return JSON.stringify({ jsonrpc: "2.0", error: { code, message }, id });
}

function isId(value: unknown): value is Id {
  return value === null || typeof value === "string" || (typeof value === "number" && Number.isFinite(value));
}

/** The response text for a body, or null when it held only notifications. */
export async function handleJsonRpc(body: string, handlers: JsonRpcHandlers): Promise<string | null> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return errorText(null, API_ERROR_NUMBERS.API_PARSE_ERROR, "parse error: the body is not valid JSON");
  }
  if (!Array.isArray(parsed)) return handleOne(parsed, handlers);
  if (parsed.length === 0) {
    return errorText(null, API_ERROR_NUMBERS.API_INVALID_REQUEST, "invalid request: empty batch");
  }
  if (parsed.length > handlers.maxBatch) {
    return errorText(
      null,
      API_ERROR_NUMBERS.API_INVALID_REQUEST,
      `invalid request: a batch holds at most ${handlers.maxBatch} requests, this one ${parsed.length}`,
    );
  }
  const out: string[] = [];
  for (const request of parsed) {
    const text = await handleOne(request, handlers);
    if (text !== null) out.push(text);
  }
  return out.length === 0 ? null : `[${out.join(",")}]`;
}

async function handleOne(request: unknown, handlers: JsonRpcHandlers): Promise<string | null> {
  const invalid = (message: string, id: Id = null) =>
    errorText(id, API_ERROR_NUMBERS.API_INVALID_REQUEST, `invalid request: ${message}`);
  if (typeof request !== "object" || request === null || Array.isArray(request)) {
    return invalid("a request must be an object");
  }
  const r = request as Record<string, unknown>;
  const hasId = Object.hasOwn(r, "id");
  const id = hasId && isId(r.id) ? r.id : null;
  if (hasId && !isId(r.id)) return invalid("id must be a string, a number or null");
  if (r.jsonrpc !== "2.0") return invalid('jsonrpc must be "2.0"', id);
  if (typeof r.method !== "string") return invalid("method must be a string", id);
  const params = r.params;
  if (params !== undefined && (typeof params !== "object" || params === null)) {
    return invalid("params must be an array or an object", id);
  }
  let response: string;
  try {
    const result = await handlers.call(r.method, params);
    response = JSON.stringify({ jsonrpc: "2.0", result: result === undefined ? null : result, id });
  } catch (error) {
    const apiError = toApiError(error);
    if (apiError.code === "API_INTERNAL_ERROR") handlers.onInternalError(r.method, apiError);
    response = JSON.stringify({ jsonrpc: "2.0", error: errorObject(apiError), id });
  }
  // A notification gets no response, whatever happened.
  return hasId ? response : null;
}
