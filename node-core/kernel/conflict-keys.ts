// Conflict keys: two transactions conflict when they share a key, and at most one of them can ever be in
// the chain. Each spent outpoint is a key (Snowball's conflict set per spent outpoint). A registration also
// takes its collateral outpoint, because it locks that coin: a spend of the coin and its registration
// cannot both apply; and it claims its operator key, which only one masternode may hold. A deregistration
// or a payout change acts on a registration that is already in the chain, so it does NOT take the
// collateral outpoint: sharing it with the final registration it depends on would make Snowball reject it as
// "lost to" that registration for as long as Snowball remembers it (the two are a sequence, not rivals).
// Instead both take the registration's own key, so two operations on one masternode (two deregistrations,
// or a payout change and a deregistration) are rivals and at most one of them is decided at a time. A spend
// of the collateral needs no key shared with a deregistration: while the registration stands the kernel
// refuses the spend (TX_LOCKED_COLLATERAL), and once the deregistration applied the spend is valid after
// it, so both can be in the chain. A deregistration that also SPENDS the collateral (the wallet's does, to
// release it in the same transaction) still shares that input's key with the registration: Snowball takes
// it as lost to the final registration until it forgets the registration as settled (create-node.ts,
// SNOWBALL_FORGET_DEPTH: two blocks below the tip). That is safe, not a rule to loosen: the registration is
// then in this node's chain, and a deregistration is invalid (MN_NOT_REGISTERED) anywhere before it.
// The chain service checks blocks against finalized transactions with the same keys.
import { outpointKey } from "../kernel/view.js";
import type { OutPoint, Transaction } from "../types/index.js";
import { toHex } from "../types/index.js";

const OPERATOR_PREFIX = "operator:";
const MASTERNODE_PREFIX = "masternode:";

/** Key of an operator public key claimed by a registration (cannot collide with "txid:index" keys). */
export function operatorConflictKey(operatorPublicKey: Uint8Array): string {
  return `${OPERATOR_PREFIX}${toHex(operatorPublicKey)}`;
}

/** Key of the registered masternode a deregistration or payout change acts on (by its collateral). */
export function masternodeConflictKey(collateral: OutPoint): string {
  return `${MASTERNODE_PREFIX}${outpointKey(collateral)}`;
}

/** The conflict keys of a transaction, without duplicates, inputs first. */
export function transactionConflictKeys(tx: Transaction): string[] {
  const keys = new Set<string>();
  for (const input of tx.inputs) keys.add(outpointKey(input.prevout));
  if (tx.special) {
    if (tx.special.kind === "masternodeRegistration") {
      keys.add(outpointKey(tx.special.collateral));
      keys.add(operatorConflictKey(tx.special.operatorPublicKey));
    } else {
      keys.add(masternodeConflictKey(tx.special.collateral));
    }
  }
  return [...keys];
}
