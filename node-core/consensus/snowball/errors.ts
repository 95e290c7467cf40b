// Typed errors of the Snowball engine. Only misuse by the caller throws (bad parameters, a transaction
// without inputs); nothing a peer sends can make the engine throw.
import { NodeCoreError } from "../../util/errors.js";

export type SnowballErrorCode = "SNOWBALL_BAD_PARAMS" | "SNOWBALL_NO_CONFLICT_KEYS" | "SNOWBALL_BAD_TXID";

export interface SnowballErrorPayload {
  /** The offending option name, for SNOWBALL_BAD_PARAMS. */
  readonly field?: string;
  /** The offending value, printed (a payload carries JSON values only). */
  readonly value?: string;
  /** Hex of the transaction concerned. */
  readonly txid?: string;
}

export class SnowballError extends NodeCoreError<
  SnowballErrorCode,
  Record<SnowballErrorCode, SnowballErrorPayload>
> {
  override readonly name = "SnowballError";

  constructor(code: SnowballErrorCode, message: string, payload: SnowballErrorPayload = {}) {
    super(code, `${code}: ${message}`, payload);
  }
}
