// The address index behind getaddressutxos / getaddressbalance / getaddresstxids, kept IN MEMORY: built at
// start by walking the chain store from genesis to the tip, then moved along by every connected block
// ("chain:block") and rebuilt from the store after a rollback (rollbacks are admin-only and rare, so a
// rebuild is simpler than keeping undo data here and cannot drift from the store). Updates run one at a
// time in arrival order; reads wait for the updates queued before them, so an answer matches one tip.
// A block that does not extend what the index holds (missed, or from another branch) triggers a rebuild.

import { blockHash, transactionId } from "../codec/index.js";
import type { ChainView } from "../db/index.js";
import type { NodeEvents } from "../node/index.js";
import type { CertifiedBlock, Hash32 } from "../types/index.js";
import { bytesEqual, toHex } from "../types/index.js";
import type { EventHub, Logger, Unsubscribe } from "../util/index.js";

export interface AddressUtxo {
  readonly txid: string;
  readonly index: number;
  readonly amount: bigint;
  readonly height: bigint;
  readonly isReward: boolean;
}

export interface AddressBalance {
  /** Sum of the address's unspent outputs, sat. */
  readonly balance: bigint;
  /** Sum of every output ever paid to it on this chain, sat. */
  readonly received: bigint;
}

interface AddressRecord {
  readonly utxos: Map<string, AddressUtxo>;
  /** txids touching the address (paying it or spending from it), in chain order, each once. */
  readonly txids: string[];
  received: bigint;
}

interface Owned {
  readonly address: string;
  readonly utxo: AddressUtxo;
}

export interface AddressIndexModules {
  readonly view: ChainView;
  readonly events: EventHub<NodeEvents>;
  /** The chain service's rollback notice (ChainService.onRollback). */
  readonly onRollback: (listener: () => void) => Unsubscribe;
  readonly logger: Logger;
}

/** Rebuild attempts in a row when the chain keeps moving under the walk. */
const MAX_WALK_ATTEMPTS = 5;

export class AddressIndex {
  private readonly byAddress = new Map<string, AddressRecord>();
  private readonly byOutpoint = new Map<string, Owned>();
  private indexedHeight = -1n;
  private indexedHash: Hash32 | null = null;
  private queue: Promise<void> = Promise.resolve();
  private lastError: unknown = null;
  private readonly unsubscribe: Unsubscribe[] = [];
  private closed = false;
  private readonly view: ChainView;
  private readonly logger: Logger;

  constructor(
    _opts: Record<string, never>,
    private readonly modules: AddressIndexModules,
  ) {
    this.view = modules.view;
    this.logger = modules.logger;
  }

  /** Subscribes to the chain and builds from the store; resolves when the first build is done. */
  start(): Promise<void> {
    this.unsubscribe.push(
      this.modules.events.on("chain:block", ({ certified, effects }) =>
        this.enqueue(() => this.onBlock(certified, effects.height, effects.blockHash)),
      ),
      this.modules.onRollback(() => this.enqueue(() => this.rebuild())),
    );
    this.enqueue(() => this.rebuild());
    return this.settled();
  }

  close(): void {
    this.closed = true;
    for (const off of this.unsubscribe.splice(0)) off();
  }

  /** The height the index reflects (-1 before the first build). */
  get height(): bigint {
    return this.indexedHeight;
  }

  /** Resolves once the updates queued so far are applied; rejects when the last one failed. */
  async settled(): Promise<void> {
    await this.queue;
    if (this.lastError !== null) throw this.lastError;
  }

  /** The unspent outputs of an address (20-byte payload), oldest first. */
  async utxos(payload: Uint8Array): Promise<AddressUtxo[]> {
    await this.settled();
    const record = this.byAddress.get(toHex(payload));
    if (record === undefined) return [];
    return [...record.utxos.values()].sort(
      (a, b) =>
        (a.height < b.height ? -1 : a.height > b.height ? 1 : 0) ||
        compareText(a.txid, b.txid) ||
        a.index - b.index,
    );
  }

  async balance(payload: Uint8Array): Promise<AddressBalance> {
    await this.settled();
    const record = this.byAddress.get(toHex(payload));
    if (record === undefined) return { balance: 0n, received: 0n };
    let balance = 0n;
    for (const utxo of record.utxos.values()) balance += utxo.amount;
    return { balance, received: record.received };
  }

  /** txids paying or spending from an address, in chain order. */
  async txids(payload: Uint8Array): Promise<string[]> {
    await this.settled();
    return [...(this.byAddress.get(toHex(payload))?.txids ?? [])];
  }

  private enqueue(task: () => Promise<void>): void {
    this.queue = this.queue.then(async () => {
      if (this.closed) return;
      try {
        await task();
        this.lastError = null;
      } catch (error) {
        // The index stays out of use (reads reject) until the next block or rollback rebuilds it.
        this.lastError = error;
        this.indexedHeight = -1n;
        this.indexedHash = null;
        this.logger.error({ err: error }, "address index update failed");
      }
    });
  }

  private async onBlock(certified: CertifiedBlock, height: bigint, hash: Hash32): Promise<void> {
    if (this.indexedHash !== null && height <= this.indexedHeight) return;
    const extends_ =
      this.indexedHash !== null &&
      height === this.indexedHeight + 1n &&
      bytesEqual(certified.block.header.previousHash, this.indexedHash);
    if (!extends_) {
      await this.rebuild();
      return;
    }
    if (!this.apply(certified, height)) {
      await this.rebuild();
      return;
    }
    this.indexedHeight = height;
    this.indexedHash = hash;
  }

  private async rebuild(): Promise<void> {
    for (let attempt = 0; attempt < MAX_WALK_ATTEMPTS; attempt++) {
      if (await this.walk()) return;
    }
    throw new Error("the chain kept changing while the address index was rebuilt");
  }

  /** One walk of the store from genesis; false when the chain changed under it. */
  private async walk(): Promise<boolean> {
    this.byAddress.clear();
    this.byOutpoint.clear();
    this.indexedHeight = -1n;
    this.indexedHash = null;
    const tip = this.view.getTip();
    if (tip === null) return true;
    let previous: Hash32 | null = null;
    for (let h = 0n; h <= tip.height; h++) {
      if (this.closed) return true;
      const certified = await this.view.getBlockByHeight(h);
      if (certified === null) return false;
      const header = certified.block.header;
      if (previous !== null && !bytesEqual(header.previousHash, previous)) return false;
      if (!this.apply(certified, h)) return false;
      previous = blockHash(header);
    }
    if (previous === null || !bytesEqual(previous, tip.hash)) return false;
    this.indexedHeight = tip.height;
    this.indexedHash = previous;
    return true;
  }

  /**
   * Adds a block: every output first, then every input, since a block may spend an output created anywhere
   * in it. False when an input spends an outpoint the index does not hold (it is then out of step).
   */
  private apply(certified: CertifiedBlock, height: bigint): boolean {
    const txs = certified.block.transactions;
    const txids = txs.map((tx) => toHex(transactionId(tx)));
    /** address -> positions of the block's transactions touching it. */
    const touched = new Map<string, Set<number>>();
    const touch = (address: string, position: number) => {
      let set = touched.get(address);
      if (set === undefined) {
        set = new Set();
        touched.set(address, set);
      }
      set.add(position);
    };
    txs.forEach((tx, position) => {
      const txid = txids[position] as string;
      // Genesis and reward transactions have no inputs: they create what they pay.
      const isReward = tx.inputs.length === 0;
      tx.outputs.forEach((output, index) => {
        const address = toHex(output.address);
        const utxo: AddressUtxo = { txid, index, amount: output.amount, height, isReward };
        const record = this.recordOf(address);
        record.utxos.set(`${txid}:${index}`, utxo);
        record.received += output.amount;
        this.byOutpoint.set(`${txid}:${index}`, { address, utxo });
        touch(address, position);
      });
    });
    for (let position = 0; position < txs.length; position++) {
      for (const input of (txs[position] as (typeof txs)[number]).inputs) {
        const key = `${toHex(input.prevout.txid)}:${input.prevout.index}`;
        const owned = this.byOutpoint.get(key);
        if (owned === undefined) return false;
        this.byOutpoint.delete(key);
        this.byAddress.get(owned.address)?.utxos.delete(key);
        touch(owned.address, position);
      }
    }
    for (const [address, positions] of touched) {
      const record = this.recordOf(address);
      for (const position of [...positions].sort((a, b) => a - b))
        record.txids.push(txids[position] as string);
    }
    return true;
  }

  private recordOf(address: string): AddressRecord {
    let record = this.byAddress.get(address);
    if (record === undefined) {
      record = { utxos: new Map(), txids: [], received: 0n };
      this.byAddress.set(address, record);
    }
    return record;
  }
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
