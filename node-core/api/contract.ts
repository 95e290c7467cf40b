// The API as types, for clients in other processes (the desktop bridge, the web UI over WebSocket): every
// method of the one table by name with its params (named form) and JSON-safe result, every pushable event
// with its payload, and the shape of a call's outcome. Derived from the method definitions themselves, so a
// method added to the table appears here with no second list. Nothing here exists at run time.
import type { ApiErrorCode, ApiErrorData } from "./errors.js";
import type { ApiEventPayloads } from "./events.js";
import type { TypedMethod } from "./method.js";
import type { addressMethods } from "./methods/addresses.js";
import type { chainMethods } from "./methods/chain.js";
import type { controlMethods } from "./methods/control.js";
import type { masternodeMethods } from "./methods/masternodes.js";
import type { networkMethods } from "./methods/network.js";
import type { transactionMethods } from "./methods/transactions.js";
import type { walletMethods } from "./methods/wallet.js";
import type { walletRecoveryMethods } from "./methods/wallet-recovery.js";
import type { WalletEventPayloads } from "./wallet-events.js";

type AnyTypedMethod =
  | ReturnType<typeof chainMethods>[number]
  | ReturnType<typeof transactionMethods>[number]
  | ReturnType<typeof addressMethods>[number]
  | ReturnType<typeof networkMethods>[number]
  | ReturnType<typeof masternodeMethods>[number]
  | ReturnType<typeof controlMethods>[number]
  | ReturnType<typeof walletMethods>[number]
  | ReturnType<typeof walletRecoveryMethods>[number];

type ParamsOf<M> = M extends TypedMethod<string, infer P, unknown> ? P : never;
type ResultOf<M> = M extends TypedMethod<string, unknown, infer R> ? R : never;

/** Method name -> { params (by name), result }. */
export type ApiMethods = {
  readonly [M in AnyTypedMethod as M["name"]]: { readonly params: ParamsOf<M>; readonly result: ResultOf<M> };
};

export type ApiMethodName = keyof ApiMethods;
export type ApiParams<M extends ApiMethodName> = ApiMethods[M]["params"];
export type ApiResult<M extends ApiMethodName> = ApiMethods[M]["result"];

/** Every event a client may subscribe to: the node's and the wallets'. */
export type ApiPushEvents = ApiEventPayloads & WalletEventPayloads;
export type ApiPushEventName = keyof ApiPushEvents;

/** An expected failure, as data: the code to match on, a plain message, JSON-safe details. */
export interface ApiFailure {
  readonly code: ApiErrorCode | "API_TRANSPORT_ERROR";
  readonly message: string;
  readonly data?: ApiErrorData;
}

/** What every call across a process boundary resolves with (it never rejects for an API refusal). */
export type ApiOutcome<R> =
  | { readonly ok: true; readonly result: R }
  | { readonly ok: false; readonly error: ApiFailure };
