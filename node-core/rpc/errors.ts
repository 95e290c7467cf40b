// Errors of the JSON-RPC server itself (not of a request: those are JSON-RPC error objects): options out of
// range, the cookie file that cannot be written, the address that cannot be bound.
import { NodeCoreError } from "../util/errors.js";

export interface RpcErrorPayloads {
  RPC_BAD_OPTIONS: { readonly option: string };
  RPC_COOKIE_FAILED: { readonly path: string; readonly reason: string };
  RPC_BIND_FAILED: { readonly host: string; readonly port: number; readonly reason: string };
  RPC_ALREADY_STARTED: Record<string, never>;
}

export type RpcErrorCode = keyof RpcErrorPayloads;

export class RpcError<C extends RpcErrorCode = RpcErrorCode> extends NodeCoreError<C, RpcErrorPayloads> {
  override name = "RpcError";
}
