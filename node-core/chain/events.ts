// The chain service's event map: what it announces on the shared EventHub once a change is complete.
import type { BlockEffects } from "../kernel/index.js";
import type { CertifiedBlock } from "../types/index.js";

export interface ChainEvents {
  /** A certified block was connected and the mempool has dropped what it included. */
  "chain:block": { readonly certified: CertifiedBlock; readonly effects: BlockEffects };
  /** Blocks were disconnected (tip first) and their transactions handed back to the mempool. */
  "chain:rollback": { readonly blocks: readonly CertifiedBlock[] };
}
