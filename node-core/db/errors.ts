// The storage layer's one error type. Invalid blocks are reported by the kernel's own KernelError (passed
// through unchanged); DbError covers everything that is about the store itself: its files, its contents
// and the order of operations on it.
import { NodeCoreError } from "../util/errors.js";

export type DbErrorCode =
  /** A stored value failed its checksum or does not decode: the store must be repaired or resynced. */
  | "DB_CORRUPT"
  /** The data directory holds a chain of another network (or another genesis). */
  | "DB_WRONG_NETWORK"
  /** The data directory was written by an unknown (newer) storage schema. */
  | "DB_SCHEMA_UNSUPPORTED"
  /** Another process holds the LevelDB lock on the data directory. */
  | "DB_LOCKED"
  /** LevelDB could not be opened for another reason (see `cause`). */
  | "DB_OPEN_FAILED"
  /** The store was used after close(). */
  | "DB_CLOSED"
  /** disconnect/rollback on a store that has no blocks. */
  | "DB_EMPTY"
  /** Genesis cannot be disconnected. */
  | "DB_REFUSE_GENESIS"
  /** rollbackTo would undo more than MAX_REORG_DEPTH blocks. */
  | "DB_REORG_TOO_DEEP"
  /** rollbackTo a height above the tip, or a height that is not a u64. */
  | "DB_BAD_HEIGHT"
  /** The certificate stored with a block names another block. */
  | "DB_CERTIFICATE_MISMATCH"
  /** A signature the block carries does not verify. */
  | "DB_BAD_SIGNATURE";

export interface DbErrorDetails {
  /** Sublevel the offending value came from ("blocks", "undo", "meta", ...). */
  readonly sublevel?: string;
  /** Key of the offending value, hex (keys are public data: hashes, outpoints, heights). */
  readonly key?: string;
  readonly expected?: string;
  readonly actual?: string;
  /** Index into the block's signature checks (DB_BAD_SIGNATURE). */
  readonly checkIndex?: number;
  /** Public key of the failing signature check, hex. */
  readonly publicKey?: string;
  /** Hash of the block concerned, hex. */
  readonly blockHash?: string;
  readonly height?: string;
  /** Code of the underlying error (a CodecError or LevelDB error code) when one was wrapped. */
  readonly causeCode?: string;
}

export class DbError extends NodeCoreError<DbErrorCode, Record<DbErrorCode, DbErrorDetails>> {
  override readonly name = "DbError";

  constructor(code: DbErrorCode, message: string, details: DbErrorDetails = {}, options?: ErrorOptions) {
    super(code, `${code}: ${message}`, details, options);
  }

  /** The payload, under the name this module has always used. */
  get details(): DbErrorDetails {
    return this.payload;
  }
}

export function isDbError(value: unknown): value is DbError {
  return value instanceof DbError;
}
