// Errors of the wallet tracker and its scans: a code and a typed payload per refusal. Payloads carry option
// names, paths and system error codes, never keys or mnemonics.
import { NodeCoreError } from "../../util/errors.js";

export interface TrackerErrorPayloads {
  /** An option is out of range; `option` names it, `actual` is what was given. */
  TRACKER_BAD_OPTIONS: { readonly option: string; readonly actual: string };
  /** A saved scan checkpoint cannot be read back; `reason` says which check failed. */
  TRACKER_CHECKPOINT_UNREADABLE: { readonly path: string; readonly reason: string };
  /** A file system call on the checkpoint failed; `code` is the system's error code. */
  TRACKER_CHECKPOINT_IO: { readonly path: string; readonly operation: string; readonly code: string };
  /** No transaction of this wallet has that id. */
  TRACKER_TX_NOT_FOUND: { readonly txid: string };
  /** Abandoning needs a transaction that is neither final nor in a block; `why` says which it is. */
  TRACKER_TX_NOT_ABANDONABLE: { readonly txid: string; readonly why: "final" | "in-block" };
}

export type TrackerErrorCode = keyof TrackerErrorPayloads;

export class TrackerError<C extends TrackerErrorCode = TrackerErrorCode> extends NodeCoreError<
  C,
  TrackerErrorPayloads
> {
  override name = "TrackerError";
}

export function isTrackerError(value: unknown): value is TrackerError {
  return value instanceof TrackerError;
}
