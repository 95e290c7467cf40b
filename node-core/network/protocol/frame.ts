// A message on the wire: version(u8) type(u8) body. encodeMessage/decodeMessage are the protocol's only
// entry points. Decoding checks, in this order and before anything is allocated: the version, the type,
// and the frame's length against its type's cap; then it decodes the body and refuses trailing bytes.
// Nothing but a ProtocolError (a CodecError) ever escapes either function, even on a bug or on input that
// is not bytes, so a transport can score any other exception as our bug rather than the peer's fault.
import { CodecError, Reader, Writer } from "../../codec/index.js";
import { readBlock, readBlocks, readGetBlocks, writeBlock, writeBlocks, writeGetBlocks } from "./blocks.js";
import { MESSAGE_CAPS } from "./caps.js";
import { ProtocolError, protocolError } from "./errors.js";
import { readStatus, writeStatus } from "./handshake.js";
import { readHeartbeatMessage, writeHeartbeatMessage } from "./heartbeat.js";
import {
  MESSAGE_TYPE,
  type Message,
  type MessageTypeName,
  messageTypeName,
  PROTOCOL_VERSION,
} from "./message.js";
import { readQuery, readReply, writeQuery, writeReply } from "./snowball.js";
import { readGetTxs, readTxs, writeGetTxs, writeTxs } from "./transactions.js";
import { readCandidacyMessage, readProposalMessage, readVoteMessage, writeTsdc } from "./tsdc.js";

const OBJECT = "Message";

// The writer of each type narrows the message itself: the table is indexed by messageTypeName(message),
// which is derived from the very kind the writer expects.
type AnyWriter = (w: Writer, m: never) => void;

const WRITERS: Readonly<Record<MessageTypeName, AnyWriter>> = {
  status: writeStatus,
  getBlocks: writeGetBlocks,
  blocks: writeBlocks,
  getTxs: writeGetTxs,
  txs: writeTxs,
  query: writeQuery,
  reply: writeReply,
  candidacy: writeTsdc,
  proposal: writeTsdc,
  vote: writeTsdc,
  block: writeBlock,
  heartbeat: writeHeartbeatMessage,
};

const READERS: Readonly<Record<MessageTypeName, (r: Reader) => Message>> = {
  status: readStatus,
  getBlocks: readGetBlocks,
  blocks: readBlocks,
  getTxs: readGetTxs,
  txs: readTxs,
  query: readQuery,
  reply: readReply,
  candidacy: readCandidacyMessage,
  proposal: readProposalMessage,
  vote: readVoteMessage,
  block: readBlock,
  heartbeat: readHeartbeatMessage,
};

interface TypeEntry {
  readonly name: MessageTypeName;
  readonly maxBytes: number;
  readonly read: (r: Reader) => Message;
}

/** Indexed by type tag; undefined for tags no message has. */
const BY_TAG: readonly (TypeEntry | undefined)[] = (() => {
  const table = new Array<TypeEntry | undefined>(256).fill(undefined);
  for (const [name, tag] of Object.entries(MESSAGE_TYPE) as [MessageTypeName, number][]) {
    table[tag] = { name, maxBytes: MESSAGE_CAPS[name], read: READERS[name] };
  }
  return table;
})();

/** Scratch writers larger than this are dropped after use instead of pinning a block-sized buffer. */
const SCRATCH_KEEP_BYTES = 1 << 20;
let scratch: Writer | null = new Writer(4096, OBJECT);

// Encoding is synchronous and never calls back into user code, so one shared writer is safe; a nested
// call (should one ever happen) simply gets a fresh writer.
function takeWriter(): Writer {
  const w = scratch ?? new Writer(4096, OBJECT);
  scratch = null;
  w.reset(OBJECT);
  return w;
}

function releaseWriter(w: Writer): void {
  if (w.capacity <= SCRATCH_KEEP_BYTES) scratch = w;
  else if (scratch === null) scratch = new Writer(4096, OBJECT);
}

function asProtocolError(error: unknown, messageType: MessageTypeName | undefined): ProtocolError {
  if (error instanceof ProtocolError) return error;
  const typed = messageType === undefined ? {} : { messageType };
  if (error instanceof CodecError) {
    return protocolError(error.code, error.message, { ...error.details, ...typed });
  }
  return new ProtocolError(
    "CODEC_INVALID_VALUE",
    `${OBJECT}: malformed value (${error instanceof Error ? error.name : typeof error})`,
    { object: OBJECT, internal: true, ...typed },
    { cause: error },
  );
}

function typeOf(message: Message, w: Writer): MessageTypeName {
  const name = messageTypeName(message);
  if (!Object.hasOwn(MESSAGE_TYPE, name)) w.fail("CODEC_UNKNOWN_TAG", "type", "unknown message kind");
  return name;
}

/** The frame of `message`; throws ProtocolError for anything its decoder would refuse. */
export function encodeMessage(message: Message): Uint8Array {
  const w = takeWriter();
  let name: MessageTypeName | undefined;
  try {
    name = typeOf(message, w);
    w.u8(PROTOCOL_VERSION, "version");
    w.u8(MESSAGE_TYPE[name], "type");
    (WRITERS[name] as (w: Writer, m: Message) => void)(w, message);
    const cap = MESSAGE_CAPS[name];
    if (w.length > cap) {
      w.fail("CODEC_OVER_CAP", "size", `${w.length} bytes exceed the ${name} cap of ${cap}`, {
        limit: cap,
        actual: w.length,
      });
    }
    return w.toBytes();
  } catch (error) {
    throw asProtocolError(error, name);
  } finally {
    releaseWriter(w);
  }
}

/** The message in `bytes` (one whole frame); throws ProtocolError for anything but a canonical frame. */
export function decodeMessage(bytes: Uint8Array): Message {
  let name: MessageTypeName | undefined;
  try {
    const r = new Reader(bytes, OBJECT);
    const version = r.u8("version");
    if (version !== PROTOCOL_VERSION) {
      r.fail("CODEC_UNKNOWN_TAG", "version", `unknown protocol version ${version}`, { tag: version });
    }
    const tag = r.u8("type");
    const entry = BY_TAG[tag];
    if (entry === undefined)
      return r.fail("CODEC_UNKNOWN_TAG", "type", `unknown message type ${tag}`, { tag });
    name = entry.name;
    if (bytes.length > entry.maxBytes) {
      r.fail("CODEC_OVER_CAP", "size", `${bytes.length} bytes exceed the ${name} cap of ${entry.maxBytes}`, {
        limit: entry.maxBytes,
        actual: bytes.length,
      });
    }
    const message = entry.read(r);
    r.end();
    return message;
  } catch (error) {
    throw asProtocolError(error, name);
  }
}
