// MasternodeRecord: collateral collateralAmount(u64) collateralPublicKey operatorPublicKey payoutAddress
// networkAddress(string) registeredHeight(u64). The value stored per registered masternode.
import { MAX_NETWORK_ADDRESS_BYTES } from "../params/index.js";
import type { MasternodeRecord } from "../types/index.js";
import { ADDRESS_BYTES, PUBLIC_KEY_BYTES } from "./caps.js";
import { readOutPoint, writeOutPoint } from "./outpoint.js";
import type { Reader } from "./reader.js";
import { decodeWith, encodeWith } from "./run.js";
import type { Writer } from "./writer.js";

export function writeMasternodeRecord(w: Writer, record: MasternodeRecord): void {
  writeOutPoint(w, record.collateral);
  w.amount(record.collateralAmount, "masternode.collateralAmount");
  w.fixed(record.collateralPublicKey, PUBLIC_KEY_BYTES, "masternode.collateralPublicKey");
  w.fixed(record.operatorPublicKey, PUBLIC_KEY_BYTES, "masternode.operatorPublicKey");
  w.fixed(record.payoutAddress, ADDRESS_BYTES, "masternode.payoutAddress");
  w.ascii(record.networkAddress, MAX_NETWORK_ADDRESS_BYTES, "masternode.networkAddress");
  w.u64(record.registeredHeight, "masternode.registeredHeight");
}

export function readMasternodeRecord(r: Reader): MasternodeRecord {
  const collateral = readOutPoint(r);
  const collateralAmount = r.amount("masternode.collateralAmount");
  const collateralPublicKey = r.fixed(PUBLIC_KEY_BYTES, "masternode.collateralPublicKey");
  const operatorPublicKey = r.fixed(PUBLIC_KEY_BYTES, "masternode.operatorPublicKey");
  const payoutAddress = r.fixed(ADDRESS_BYTES, "masternode.payoutAddress");
  const networkAddress = r.ascii(MAX_NETWORK_ADDRESS_BYTES, "masternode.networkAddress");
  const registeredHeight = r.u64("masternode.registeredHeight");
  return {
    collateral,
    collateralAmount,
    collateralPublicKey,
    operatorPublicKey,
    payoutAddress,
    networkAddress,
    registeredHeight,
  };
}

export function encodeMasternodeRecord(record: MasternodeRecord): Uint8Array {
  return encodeWith("MasternodeRecord", record, writeMasternodeRecord);
}

export function decodeMasternodeRecord(bytes: Uint8Array): MasternodeRecord {
  return decodeWith("MasternodeRecord", bytes, readMasternodeRecord);
}
