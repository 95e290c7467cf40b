// Body of the status handshake: protocolVersion(u16) chainId(u32) genesisHash height(u64) tipHash. All
// fields are fixed-width, so the frame has one exact size; whether the peer is on our chain is the
// connection's decision, not the decoder's.
import { HASH_BYTES, type Reader, type Writer } from "../../codec/index.js";
import type { Message } from "./message.js";

export type StatusMessage = Extract<Message, { kind: "status" }>;

export function writeStatus(w: Writer, m: StatusMessage): void {
  w.u16(m.protocolVersion, "protocolVersion");
  w.u32(m.chainId, "chainId");
  w.fixed(m.genesisHash, HASH_BYTES, "genesisHash");
  w.u64(m.height, "height");
  w.fixed(m.tipHash, HASH_BYTES, "tipHash");
}

export function readStatus(r: Reader): StatusMessage {
  const protocolVersion = r.u16("protocolVersion");
  const chainId = r.u32("chainId");
  const genesisHash = r.fixed(HASH_BYTES, "genesisHash");
  const height = r.u64("height");
  const tipHash = r.fixed(HASH_BYTES, "tipHash");
  return { kind: "status", protocolVersion, chainId, genesisHash, height, tipHash };
}
