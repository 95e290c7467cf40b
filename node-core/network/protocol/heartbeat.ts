// Body of heartbeat gossip: one signed heartbeat in the codec's encoding (fixed size).
import { type Reader, readHeartbeat, type Writer, writeHeartbeat } from "../../codec/index.js";
import type { Message } from "./message.js";

export type HeartbeatMessage = Extract<Message, { kind: "heartbeat" }>;

export function writeHeartbeatMessage(w: Writer, m: HeartbeatMessage): void {
  writeHeartbeat(w, m.heartbeat);
}

export function readHeartbeatMessage(r: Reader): HeartbeatMessage {
  return { kind: "heartbeat", heartbeat: readHeartbeat(r) };
}
