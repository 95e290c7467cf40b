// The codec's one error type. Every encoder and decoder in this folder throws CodecError and nothing else,
// so callers (kernel, db, p2p) can treat any other exception as a bug rather than as bad input.
import { NodeCoreError } from "../util/errors.js";

export type CodecErrorCode =
  | "CODEC_TRUNCATED"
  | "CODEC_TRAILING_BYTES"
  | "CODEC_OVER_CAP"
  | "CODEC_UNKNOWN_TAG"
  | "CODEC_NON_CANONICAL"
  | "CODEC_INVALID_VALUE";

export interface CodecErrorDetails {
  /** Top-level object being encoded or decoded, e.g. "Transaction". */
  readonly object?: string;
  /** Field (or list) where the problem was found, e.g. "inputs" or "output.amount". */
  readonly field?: string;
  /** Byte offset into the input (decoding) or output (encoding) where the problem was found. */
  readonly offset?: number;
  /** The cap or fixed size that was violated. */
  readonly limit?: number;
  /** The offending count, length or size (never secret material: the codec only sees public data). */
  readonly actual?: number;
  /** The unknown enum tag or non-canonical flag byte. */
  readonly tag?: number;
  /** Set when an unexpected internal exception was wrapped, so it still surfaces as a CodecError. */
  readonly internal?: boolean;
}

export class CodecError extends NodeCoreError<CodecErrorCode, Record<CodecErrorCode, CodecErrorDetails>> {
  override readonly name = "CodecError";

  constructor(
    code: CodecErrorCode,
    message: string,
    details: CodecErrorDetails = {},
    options?: ErrorOptions,
  ) {
    super(code, message, details, options);
  }

  /** The payload, under the name this module has always used. */
  get details(): CodecErrorDetails {
    return this.payload;
  }
}

/**
 * Builds a CodecError for rejected input without capturing a stack trace. Rejecting malformed bytes is an
 * expected outcome (peers send them), the code, field and offset already say where the problem is, and
 * capturing a stack would make each rejection about ten times costlier than the decoding it cuts short.
 */
export function inputError(code: CodecErrorCode, message: string, details: CodecErrorDetails): CodecError {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new CodecError(code, message, details);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

export function isCodecError(value: unknown): value is CodecError {
  return value instanceof CodecError;
}
