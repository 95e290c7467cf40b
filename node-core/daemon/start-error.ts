// The error of `npm start` itself (its options and its data directory). Every failure a user can cause
// ends as one stderr line and exit code 2, like time-cli; exit code 3 is a fault in the program.
import { NodeCoreError } from "../util/index.js";

export const START_EXIT_OK = 0;
/** Bad input: usage, an unusable data directory, a store that cannot be opened, a refused genesis file. */
export const START_EXIT_USAGE = 2;
/** A fault in the program itself. */
export const START_EXIT_INTERNAL = 3;

export type StartErrorCode =
  /** Bad or unknown flags, bad option values, extra arguments. */
  | "START_USAGE"
  /** The data directory, or a folder on its path, exists but is not a directory. */
  | "START_DATADIR_NOT_DIRECTORY"
  /** The data directory cannot be created or written. */
  | "START_DATADIR_UNWRITABLE"
  /** The chain store in the data directory refused to open (payload.causeCode is the DbError code). */
  | "START_STORE_UNAVAILABLE";

export interface StartErrorPayload {
  /** The option the problem is about, e.g. "--datadir". */
  readonly option?: string;
  /** The path concerned (data directory paths are not secret). */
  readonly path?: string;
  /** Code of the underlying error: a file-system code ("EACCES") or a DbError code ("DB_LOCKED"). */
  readonly causeCode?: string;
}

export class StartError extends NodeCoreError<StartErrorCode, Record<StartErrorCode, StartErrorPayload>> {
  override readonly name = "StartError";

  constructor(
    code: StartErrorCode,
    message: string,
    payload: StartErrorPayload = {},
    options?: ErrorOptions,
  ) {
    super(code, message, payload, options);
  }
}
