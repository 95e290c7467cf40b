// time-cli's own error and its exit codes. Every failure a user can cause ends as one stderr line and exit
// code 2; exit code 1 is reserved for a command's negative answer (validate-address on an invalid address).
import { NodeCoreError } from "../../util/errors.js";

export const EXIT_OK = 0;
/** The command ran and its answer is "no" (e.g. the address is not valid). */
export const EXIT_NEGATIVE = 1;
/** Bad input: usage, arguments, unreadable files, invalid mnemonic. */
export const EXIT_USAGE = 2;
/** A fault in time-cli itself. */
export const EXIT_INTERNAL = 3;

export type CliErrorCode = "CLI_USAGE" | "CLI_BAD_NUMBER" | "CLI_FILE_UNREADABLE" | "CLI_FILE_TOO_LARGE";

export interface CliErrorPayload {
  /** The option the problem is about, e.g. "--count". */
  readonly option?: string;
  /** A file path given on the command line (paths are not secret; file contents are). */
  readonly path?: string;
}

/**
 * `exitCode` is how this process ends, not part of the error's meaning, so it is not in the payload and
 * does not cross toObject()/fromObject().
 */
export class CliError extends NodeCoreError<CliErrorCode, Record<CliErrorCode, CliErrorPayload>> {
  override readonly name = "CliError";
  readonly exitCode: number;

  constructor(
    code: CliErrorCode,
    message: string,
    payload: CliErrorPayload = {},
    exitCode = EXIT_USAGE,
    options?: ErrorOptions,
  ) {
    super(code, message, payload, options);
    this.exitCode = exitCode;
  }
}
