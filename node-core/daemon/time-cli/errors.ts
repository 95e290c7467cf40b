// time-cli's own error and its exit codes. Every failure a user can cause ends as one stderr line and exit
// code 2; exit code 1 is reserved for a command's negative answer (validate-address on an invalid address).

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

export class CliError extends Error {
  readonly code: CliErrorCode;
  readonly payload: CliErrorPayload;
  readonly exitCode: number;

  constructor(code: CliErrorCode, message: string, payload: CliErrorPayload = {}, exitCode = EXIT_USAGE) {
    super(message);
    this.name = "CliError";
    this.code = code;
    this.payload = payload;
    this.exitCode = exitCode;
  }
}
