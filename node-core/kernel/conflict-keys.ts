// Conflict keys: two transactions conflict when they share a key, and at most one of them can ever be in
// the chain. Each spent outpoint is a key (Snowball's conflict set per spent outpoint). A masternode
// operation also uses its collateral outpoint, because a registration locks it and two operations on one
// collateral cannot both apply; a registration also claims its operator key, which only one masternode
// may hold. The chain service checks blocks against finalized transactions with the same keys.
import { outpointKey } from "../kernel/view.js";
import type { Transaction } from "../types/index.js";
import { toHex } from "../types/index.js";

const OPERATOR_PREFIX = "operator:";

/** Key of an operator public key claimed by a registration (cannot collide with "txid:index" keys). */
export function operatorConflictKey(operatorPublicKey: Uint8Array): string {
  return `${OPERATOR_PREFIX}${toHex(operatorPublicKey)}`;
}

/** The conflict keys of a transaction, without duplicates, inputs first. */
export function transactionConflictKeys(tx: Transaction): string[] {
  const keys = new Set<string>();
  for (const input of tx.inputs) keys.add(outpointKey(input.prevout));
  if (tx.special) {
    keys.add(outpointKey(tx.special.collateral));
    if (tx.special.kind === "masternodeRegistration") {
      keys.add(operatorConflictKey(tx.special.operatorPublicKey));
    }
  }
  return [...keys];
}
