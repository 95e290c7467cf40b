// time-cli's own error and its exit codes. Every failure a user can cause ends as one stderr line and exit
// code 2; exit code 1 is a command's negative answer (validate-address on an invalid address) and, as with
// bitcoin-cli, every failed RPC call: an error answer, a daemon that is not running, refused credentials.
import { NodeCoreError } from "../../util/errors.js";

export const EXIT_OK = 0;
/** The command ran and its answer is "no" (the address is not valid, the RPC call failed). */
export const EXIT_NEGATIVE = 1;
/** Bad input: usage, arguments, unreadable files, invalid mnemonic. */
export const EXIT_USAGE = 2;
/** A fault in time-cli itself. */
export const EXIT_INTERNAL = 3;

export type CliErrorCode =
  | "CLI_USAGE"
  | "CLI_BAD_NUMBER"
  | "CLI_FILE_UNREADABLE"
  | "CLI_FILE_TOO_LARGE"
  /** No connection to the daemon (refused, unknown host, timeout); exit code 1. */
  | "CLI_RPC_UNREACHABLE"
  /** Neither -rpcuser/-rpcpassword nor a readable cookie file; exit code 1. */
  | "CLI_RPC_NO_CREDENTIALS"
  /** The daemon refused the credentials (HTTP 401) or the request (HTTP 403, Host check); exit code 1. */
  | "CLI_RPC_REFUSED"
  /** The daemon's answer is not a JSON-RPC response; exit code 1. */
  | "CLI_RPC_BAD_RESPONSE"
  /** sign-transaction cannot sign: a bad transaction, a missing or unknown prevout address. */
  | "CLI_SIGN_FAILED";

export interface CliErrorPayload {
  /** The option the problem is about, e.g. "--count". */
  readonly option?: string;
  /** A file path given on the command line (paths are not secret; file contents are). */
  readonly path?: string;
  /** host:port of the daemon an RPC call went to. */
  readonly endpoint?: string;
  /** The HTTP status of a refused or unreadable answer. */
  readonly status?: number;
  /** The code of the underlying failure: a socket error ("ECONNREFUSED"), "ENOENT" for a missing cookie. */
  readonly causeCode?: string;
  /** The input of the transaction that sign-transaction could not sign. */
  readonly inputIndex?: number;
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
