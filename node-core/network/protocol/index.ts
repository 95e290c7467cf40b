// Public surface of the wire protocol: every message the network carries, its one canonical frame, the
// per-type size caps (the table transports configure their stream limits and gossip validators from),
// the list caps, and the protocol's error type.
export {
  bitmapBytes,
  FRAME_HEADER_BYTES,
  GET_BLOCKS_BODY_BYTES,
  MAX_BLOCKS_PER_RESPONSE,
  MAX_FETCH_TXIDS,
  MAX_MESSAGE_BYTES,
  MAX_QUERY_TXIDS,
  MAX_TXS_PER_MESSAGE,
  MESSAGE_CAPS,
  MESSAGE_LIMITS,
  type MessageLimit,
  STATUS_BODY_BYTES,
} from "./caps.js";
export { isProtocolError, ProtocolError, type ProtocolErrorDetails } from "./errors.js";
export { decodeMessage, encodeMessage } from "./frame.js";
export {
  MESSAGE_TYPE,
  type Message,
  type MessageKind,
  type MessageTypeName,
  messageTypeName,
  PROTOCOL_VERSION,
} from "./message.js";
