// Why a genesis file was refused. A node never starts on a genesis it could not rebuild and verify.
import { NodeCoreError } from "../util/errors.js";

export type GenesisErrorCode =
  | "GENESIS_FILE_UNREADABLE"
  | "GENESIS_BAD_JSON"
  | "GENESIS_BAD_FIELD"
  | "GENESIS_WRONG_NETWORK"
  | "GENESIS_INVALID_BLOCK"
  | "GENESIS_BAD_SIGNATURE"
  | "GENESIS_HASH_MISMATCH";

export interface GenesisErrorDetails {
  readonly file?: string;
  /** JSON path of the offending field, e.g. "masternodes[2].operatorPublicKey". */
  readonly field?: string;
  readonly expected?: string;
  readonly actual?: string;
  /** Kernel error code when the rebuilt block breaks a block rule. */
  readonly kernelCode?: string;
}

export class GenesisError extends NodeCoreError<
  GenesisErrorCode,
  Record<GenesisErrorCode, GenesisErrorDetails>
> {
  override readonly name = "GenesisError";
  /** The message without its code prefix. */
  readonly reason: string;

  constructor(code: GenesisErrorCode, message: string, details: GenesisErrorDetails = {}) {
    super(code, `${code}: ${message}`, details);
    this.reason = message;
  }

  /** The payload, under the name this module has always used. */
  get details(): GenesisErrorDetails {
    return this.payload;
  }

  /** The same error naming the file it came from. */
  inFile(file: string): GenesisError {
    return new GenesisError(this.code, `${file}: ${this.reason}`, { ...this.details, file });
  }
}
