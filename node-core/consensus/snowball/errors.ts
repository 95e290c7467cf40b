// Typed errors of the Snowball engine. Only misuse by the caller throws (bad parameters, a transaction
// without inputs); nothing a peer sends can make the engine throw.

export type SnowballErrorCode = "SNOWBALL_BAD_PARAMS" | "SNOWBALL_NO_CONFLICT_KEYS" | "SNOWBALL_BAD_TXID";

export interface SnowballErrorPayload {
  /** The offending option name, for SNOWBALL_BAD_PARAMS. */
  readonly field?: string;
  readonly value?: unknown;
  /** Hex of the transaction concerned. */
  readonly txid?: string;
}

export class SnowballError extends Error {
  override readonly name = "SnowballError";

  constructor(
    readonly code: SnowballErrorCode,
    message: string,
    readonly payload: SnowballErrorPayload = {},
  ) {
    super(`${code}: ${message}`);
  }
}
