// The protocol's error type. It derives from the codec's CodecError and keeps its codes, so every consumer
// that treats "a CodecError" as "the peer sent bad bytes" (and anything else as a bug) keeps working, and
// the fuzz and rejection suites hold message decoding to the same rules as the codec. Protocol-level
// rejections map onto those codes, named by `field`:
//   unknown frame version        CODEC_UNKNOWN_TAG     field "version"
//   unknown message type         CODEC_UNKNOWN_TAG     field "type"
//   frame over its type's cap    CODEC_OVER_CAP        field "size"
//   list over its cap            CODEC_OVER_CAP        field of the list ("txids", "blocks", "txs")
//   bitmap of the wrong length   CODEC_INVALID_VALUE   field "bits" (encoding; decoding reads exactly
//                                                      ceil(count / 8) bytes, so a wrong length shows as
//                                                      CODEC_TRUNCATED or CODEC_TRAILING_BYTES)
//   non-zero bitmap padding      CODEC_NON_CANONICAL   field "bits"
//   blocks not consecutive       CODEC_INVALID_VALUE   field "blocks"
//   getBlocks count of zero      CODEC_INVALID_VALUE   field "count"
import { CodecError, type CodecErrorCode, type CodecErrorDetails } from "../../codec/index.js";
import type { MessageTypeName } from "./message.js";

export interface ProtocolErrorDetails extends CodecErrorDetails {
  /** The message type, once the type byte was read (or, encoding, the message's type). */
  readonly messageType?: MessageTypeName;
}

// `name` stays "CodecError" (the base class fixes it as a literal type); tell the two apart with
// instanceof or isProtocolError.
export class ProtocolError extends CodecError {
  override get details(): ProtocolErrorDetails {
    return this.payload as ProtocolErrorDetails;
  }

  constructor(
    code: CodecErrorCode,
    message: string,
    details: ProtocolErrorDetails = {},
    options?: ErrorOptions,
  ) {
    super(code, message, details, options);
  }
}

/**
 * A codec failure re-raised as a ProtocolError naming the message type. No stack trace, for the reason
 * codec/errors.ts gives: rejecting a peer's bad bytes is an expected outcome, and the code, field and
 * offset already say where the problem is.
 */
export function protocolError(
  code: CodecErrorCode,
  message: string,
  details: ProtocolErrorDetails,
  options?: ErrorOptions,
): ProtocolError {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new ProtocolError(code, message, details, options);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

export function isProtocolError(value: unknown): value is ProtocolError {
  return value instanceof ProtocolError;
}
