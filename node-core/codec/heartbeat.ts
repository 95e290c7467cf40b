// Heartbeat: operatorPublicKey height(u64) timestamp(u64) sequence(u64) signature. A block carries its
// heartbeats strictly ascending by operator key, which the list helpers here enforce both ways.
import { MAX_BLOCK_HEARTBEATS } from "../params/index.js";
import type { Heartbeat } from "../types/index.js";
import { compareBytes } from "../types/index.js";
import { HEARTBEAT_BYTES, PUBLIC_KEY_BYTES, SIGNATURE_BYTES } from "./caps.js";
import type { Reader } from "./reader.js";
import { decodeWith, encodeWith } from "./run.js";
import type { Writer } from "./writer.js";

export function writeHeartbeat(w: Writer, heartbeat: Heartbeat): void {
  w.fixed(heartbeat.operatorPublicKey, PUBLIC_KEY_BYTES, "heartbeat.operatorPublicKey");
  w.u64(heartbeat.height, "heartbeat.height");
  w.u64(heartbeat.timestamp, "heartbeat.timestamp");
  w.u64(heartbeat.sequence, "heartbeat.sequence");
  w.fixed(heartbeat.signature, SIGNATURE_BYTES, "heartbeat.signature");
}

export function readHeartbeat(r: Reader): Heartbeat {
  const operatorPublicKey = r.fixed(PUBLIC_KEY_BYTES, "heartbeat.operatorPublicKey");
  const height = r.u64("heartbeat.height");
  const timestamp = r.u64("heartbeat.timestamp");
  const sequence = r.u64("heartbeat.sequence");
  const signature = r.fixed(SIGNATURE_BYTES, "heartbeat.signature");
  return { operatorPublicKey, height, timestamp, sequence, signature };
}

/** A block's heartbeat list: count, then entries strictly ascending by operator key (one per operator). */
export function writeHeartbeatList(w: Writer, heartbeats: readonly Heartbeat[]): void {
  w.count(heartbeats.length, MAX_BLOCK_HEARTBEATS, "heartbeats");
  let previous: Uint8Array | null = null;
  for (const heartbeat of heartbeats) {
    if (previous !== null && compareBytes(previous, heartbeat.operatorPublicKey) >= 0) {
      w.fail("CODEC_NON_CANONICAL", "heartbeats", "not strictly ascending by operator key");
    }
    writeHeartbeat(w, heartbeat);
    previous = heartbeat.operatorPublicKey;
  }
}

export function readHeartbeatList(r: Reader): Heartbeat[] {
  const n = r.count(MAX_BLOCK_HEARTBEATS, HEARTBEAT_BYTES, "heartbeats");
  const heartbeats: Heartbeat[] = new Array(n);
  let previous: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    const heartbeat = readHeartbeat(r);
    if (previous !== null && compareBytes(previous, heartbeat.operatorPublicKey) >= 0) {
      r.fail("CODEC_NON_CANONICAL", "heartbeats", "not strictly ascending by operator key", { actual: i });
    }
    heartbeats[i] = heartbeat;
    previous = heartbeat.operatorPublicKey;
  }
  return heartbeats;
}

export function encodeHeartbeat(heartbeat: Heartbeat): Uint8Array {
  return encodeWith("Heartbeat", heartbeat, writeHeartbeat);
}

export function decodeHeartbeat(bytes: Uint8Array): Heartbeat {
  return decodeWith("Heartbeat", bytes, readHeartbeat);
}
