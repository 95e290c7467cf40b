// The API's one error type. Every failure a method reports is an ApiError: a string code (the NodeCoreError
// rule), the JSON-RPC number that code stands for (JSON-RPC 2.0's own codes and Bitcoin Core's application
// codes, so existing tooling reads them), a plain message and JSON-safe data. Transports put `rpcCode`,
// `message` and `data` on the wire; callers match on `code`.
import { NodeCoreError } from "../util/errors.js";

/** Code -> JSON-RPC error number. */
export const API_ERROR_NUMBERS = Object.freeze({
  /** The request body is not JSON. */
  API_PARSE_ERROR: -32700,
  /** Not a JSON-RPC 2.0 request object. */
  API_INVALID_REQUEST: -32600,
  API_METHOD_NOT_FOUND: -32601,
  /** Params missing, extra, or of the wrong type or range. */
  API_INVALID_PARAMS: -32602,
  /** A fault of this node (a bug, a store failure): the message says what, never a secret. */
  API_INTERNAL_ERROR: -32603,
  /** A refusal that fits no other code (e.g. the faucet off devnet). */
  API_MISC_ERROR: -1,
  /** A value of the wrong type or format inside a valid param (Bitcoin RPC_TYPE_ERROR). */
  API_TYPE_ERROR: -3,
  /** No such block, transaction or output; or an invalid address (Bitcoin RPC_INVALID_ADDRESS_OR_KEY). */
  API_NOT_FOUND: -5,
  /** A param with a valid type but an unusable value (Bitcoin RPC_INVALID_PARAMETER). */
  API_INVALID_PARAMETER: -8,
  /** Bytes that do not decode as the object asked for (Bitcoin RPC_DESERIALIZATION_ERROR). */
  API_DESERIALIZATION_ERROR: -22,
  /** A transaction spending inputs that do not exist or are spent (Bitcoin RPC_VERIFY_ERROR). */
  API_VERIFY_ERROR: -25,
  /** A transaction the mempool or the kernel refused (Bitcoin RPC_VERIFY_REJECTED). */
  API_VERIFY_REJECTED: -26,
  /** The transaction is already in a block of this chain. */
  API_ALREADY_IN_CHAIN: -27,
  /** The node is starting or stopping and cannot serve this now (Bitcoin RPC_IN_WARMUP). */
  API_NOT_READY: -28,
  /** disconnectnode named no connected peer. */
  API_NODE_NOT_CONNECTED: -29,
  /** setban named something that is not an IP address or peer id, or an unban found no ban. */
  API_INVALID_BAN_TARGET: -30,
  /** This node runs without a p2p host. */
  API_P2P_DISABLED: -31,
  /** A wallet refusal that fits no other wallet code (Bitcoin RPC_WALLET_ERROR). */
  API_WALLET_ERROR: -4,
  /** Not enough spendable coins; data.details has the amounts (Bitcoin RPC_WALLET_INSUFFICIENT_FUNDS). */
  API_WALLET_INSUFFICIENT_FUNDS: -6,
  /** The wallet is locked: walletpassphrase first (Bitcoin RPC_WALLET_UNLOCK_NEEDED). */
  API_WALLET_UNLOCK_NEEDED: -13,
  /** The wallet passphrase is wrong (Bitcoin RPC_WALLET_PASSPHRASE_INCORRECT). */
  API_WALLET_PASSPHRASE_INCORRECT: -14,
  /** No such wallet file, or the wallet is not loaded (Bitcoin RPC_WALLET_NOT_FOUND). */
  API_WALLET_NOT_FOUND: -18,
  /** Several wallets are loaded and wallet_name was not given (Bitcoin RPC_WALLET_NOT_SPECIFIED). */
  API_WALLET_NOT_SPECIFIED: -19,
  /** Bitcoin RPC_WALLET_ALREADY_LOADED. */
  API_WALLET_ALREADY_LOADED: -35,
  /** Bitcoin RPC_WALLET_ALREADY_EXISTS. */
  API_WALLET_ALREADY_EXISTS: -36,
});

export type ApiErrorCode = keyof typeof API_ERROR_NUMBERS;

/**
 * Data carried with an error: `reason` is the node error's code behind it (e.g. "TX_FEE_TOO_LOW"),
 * `param` the param at fault, `issues` one line per validation problem, `details` the node error's payload.
 */
export interface ApiErrorData {
  readonly reason?: string;
  readonly param?: string;
  readonly issues?: readonly string[];
  readonly details?: Readonly<Record<string, string | number | boolean | null>>;
}

export type ApiErrorPayloads = Record<ApiErrorCode, ApiErrorData>;

export class ApiError<C extends ApiErrorCode = ApiErrorCode> extends NodeCoreError<C, ApiErrorPayloads> {
  override name = "ApiError";

  constructor(code: C, message: string, data: ApiErrorData = {}, options?: ErrorOptions) {
    super(code, message, data, options);
  }

  /** The JSON-RPC error number of this code. */
  get rpcCode(): number {
    return API_ERROR_NUMBERS[this.code];
  }

  get data(): ApiErrorData {
    return this.payload;
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}
