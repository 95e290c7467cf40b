// The address index's size by an independent route, for the stores' entry-count checks: one transaction
// entry per (address, transaction) that pays the address or spends from it, the spender's address taken
// from the input's public key (not from the stored coin the index itself reads).
import { addressPayloadFromPublicKey } from "../keys/index.js";
import type { CertifiedBlock } from "../types/index.js";
import { toHex } from "../types/index.js";

export function addressTxEntryCount(block: CertifiedBlock): number {
  let count = 0;
  for (const tx of block.block.transactions) {
    const touched = new Set(tx.outputs.map((o) => toHex(o.address)));
    for (const input of tx.inputs) touched.add(toHex(addressPayloadFromPublicKey(input.publicKey)));
    count += touched.size;
  }
  return count;
}
