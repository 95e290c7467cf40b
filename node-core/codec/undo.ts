// UndoRecord: height(u64) blockHash spent(list of outpoint+entry) created(list of outpoint)
// masternodes(list of MasternodeChange = collateral, optional before, optional after). Lists are capped by
// what one block can carry (see caps.ts), since undo records are only ever written for connected blocks.
import type { MasternodeChange, MasternodeRecord, OutPoint, UndoRecord, Utxo } from "../types/index.js";
import {
  HASH_BYTES,
  MAX_UNDO_CREATED,
  MAX_UNDO_MASTERNODE_CHANGES,
  MAX_UNDO_SPENT,
  MIN_MASTERNODE_CHANGE_BYTES,
  OUTPOINT_BYTES,
  UTXO_ENTRY_BYTES,
} from "./caps.js";
import { readMasternodeRecord, writeMasternodeRecord } from "./masternode.js";
import { readOutPoint, writeOutPoint } from "./outpoint.js";
import type { Reader } from "./reader.js";
import { decodeWith, encodeWith } from "./run.js";
import { readUtxoEntry, writeUtxoEntry } from "./utxo.js";
import type { Writer } from "./writer.js";

function writeOptionalRecord(w: Writer, record: MasternodeRecord | null): void {
  if (record === null) {
    w.presence(false);
  } else {
    w.presence(true);
    writeMasternodeRecord(w, record);
  }
}

function readOptionalRecord(r: Reader, field: string): MasternodeRecord | null {
  return r.presence(field) ? readMasternodeRecord(r) : null;
}

export function writeUndoRecord(w: Writer, undo: UndoRecord): void {
  w.u64(undo.height, "undo.height");
  w.fixed(undo.blockHash, HASH_BYTES, "undo.blockHash");
  w.count(undo.spent.length, MAX_UNDO_SPENT, "undo.spent");
  for (const utxo of undo.spent) {
    writeOutPoint(w, utxo.outpoint);
    writeUtxoEntry(w, utxo.entry);
  }
  w.count(undo.created.length, MAX_UNDO_CREATED, "undo.created");
  for (const outpoint of undo.created) writeOutPoint(w, outpoint);
  w.count(undo.masternodes.length, MAX_UNDO_MASTERNODE_CHANGES, "undo.masternodes");
  for (const change of undo.masternodes) {
    writeOutPoint(w, change.collateral);
    writeOptionalRecord(w, change.before);
    writeOptionalRecord(w, change.after);
  }
}

export function readUndoRecord(r: Reader): UndoRecord {
  const height = r.u64("undo.height");
  const blockHash = r.fixed(HASH_BYTES, "undo.blockHash");
  const spentCount = r.count(MAX_UNDO_SPENT, OUTPOINT_BYTES + UTXO_ENTRY_BYTES, "undo.spent");
  const spent: Utxo[] = new Array(spentCount);
  for (let i = 0; i < spentCount; i++) {
    const outpoint = readOutPoint(r);
    const entry = readUtxoEntry(r);
    spent[i] = { outpoint, entry };
  }
  const createdCount = r.count(MAX_UNDO_CREATED, OUTPOINT_BYTES, "undo.created");
  const created: OutPoint[] = new Array(createdCount);
  for (let i = 0; i < createdCount; i++) created[i] = readOutPoint(r);
  const changeCount = r.count(MAX_UNDO_MASTERNODE_CHANGES, MIN_MASTERNODE_CHANGE_BYTES, "undo.masternodes");
  const masternodes: MasternodeChange[] = new Array(changeCount);
  for (let i = 0; i < changeCount; i++) {
    const collateral = readOutPoint(r);
    const before = readOptionalRecord(r, "change.before");
    const after = readOptionalRecord(r, "change.after");
    masternodes[i] = { collateral, before, after };
  }
  return { height, blockHash, spent, created, masternodes };
}

export function encodeUndoRecord(undo: UndoRecord): Uint8Array {
  return encodeWith("UndoRecord", undo, writeUndoRecord);
}

export function decodeUndoRecord(bytes: Uint8Array): UndoRecord {
  return decodeWith("UndoRecord", bytes, readUndoRecord);
}
