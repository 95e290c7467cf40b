// The mempool: transactions waiting for Snowball finality and then for a block. Admission runs the kernel's
// checkTransaction against a view prefetched from the chain backend plus the outputs of pool transactions
// (a child may spend an unconfirmed parent). Conflicting transactions are admitted side by side with the
// conflict recorded, because Snowball, not arrival order, decides between them; only a conflict with a
// transaction this node already finalized is refused. Final transactions feed block proposals and are
// what the chain service protects from conflicting blocks. Limits evict the cheapest non-final first.
// Events ("mempool:added", "mempool:evicted") go through the shared EventHub once the pool is consistent;
// close() lets in-flight calls finish and refuses every later change with MEMPOOL_CLOSED.

import { transactionId } from "../codec/index.js";
import { verifyAll } from "../crypto/index.js";
import type { ChainTip, SignatureVerifier } from "../db/index.js";
import {
  checkTransaction,
  KernelError,
  MapStateView,
  outpointKey,
  transactionConflictKeys,
} from "../kernel/index.js";
import { MAX_BLOCK_BYTES, MAX_BLOCK_TRANSACTIONS, MAX_REORG_DEPTH } from "../params/index.js";
import type { Block, Hash32, OutPoint, Transaction } from "../types/index.js";
import { bytesEqual, toHex } from "../types/index.js";
import { EventHub, type Unsubscribe } from "../util/index.js";
import { MempoolError } from "./errors.js";
import { Heap, IndexedHeap } from "./heap.js";
import { type MempoolModules, type MempoolOptions, resolveMempoolOptions } from "./options.js";

/** A transaction id as lowercase hex or as its 32 bytes. The mempool reports ids as hex. */
export type TxRef = string | Hash32;

export interface MempoolEntry {
  readonly tx: Transaction;
  readonly txid: Hash32;
  /** Lowercase hex of txid. */
  readonly id: string;
  /** Encoded size in bytes (witnesses included). */
  readonly size: number;
  readonly fee: bigint;
  /** clock.now() when it entered the pool. */
  readonly addedAt: number;
  readonly conflictKeys: readonly string[];
  readonly final: boolean;
  /** Ids of pool transactions whose outputs this one spends. */
  readonly parents: ReadonlySet<string>;
  /** Ids of pool transactions spending this one's outputs. */
  readonly children: ReadonlySet<string>;
}

interface Entry extends MempoolEntry {
  final: boolean;
  readonly parents: Set<string>;
  readonly children: Set<string>;
}

export type EvictionReason =
  /** Snowball rejected it (lost its conflict set). */
  | "rejected"
  /** A conflicting transaction became final here. */
  | "lost-to-final"
  /** A connected block spends what it spends. */
  | "conflicts-with-block"
  /** The pool was full and it paid the least per byte. */
  | "capacity"
  /** A transaction it spends from left the pool, so it can never be valid. */
  | "parent-evicted"
  /** No longer valid against the chain after a rollback. */
  | "invalid-after-rollback";

/** What the pool announces on its EventHub. */
export interface MempoolEvents {
  /** A transaction entered the pool; `conflictsWith` names the pool transactions sharing a conflict key. */
  "mempool:added": { readonly entry: MempoolEntry; readonly conflictsWith: readonly string[] };
  /** A transaction left the pool without being included in a block. */
  "mempool:evicted": { readonly entry: MempoolEntry; readonly reason: EvictionReason };
}

export interface AddResult {
  readonly txid: string;
  readonly conflictKeys: readonly string[];
  /** Pool transactions sharing a conflict key with it (each once, grouped by key). */
  readonly conflictsWith: readonly string[];
}

export interface BlockSelectionLimits {
  /** Default: MAX_BLOCK_TRANSACTIONS - 1 (the reward takes one slot). */
  readonly maxTransactions?: number;
  /** Default: MAX_BLOCK_BYTES less 3 MB for header, reward, heartbeats and certificate. */
  readonly maxBytes?: number;
}

export interface BlockSelection {
  /** Sorted by txid, as a block holds them after the reward. */
  readonly transactions: readonly Transaction[];
  readonly txids: readonly Hash32[];
  /** Sum of their fees (the producer's share of the reward grows by this). */
  readonly fees: bigint;
  readonly bytes: number;
}

export interface RemoveForBlockResult {
  /** Pool transactions the block includes (dropped from the pool). */
  readonly included: readonly string[];
  /** Pool transactions evicted because they conflict with the block (and their descendants). */
  readonly evicted: readonly string[];
}

export interface ReturnResult {
  /** Returned transactions back in the pool. */
  readonly added: readonly string[];
  /** Transactions (returned or already pooled) that are not valid against the rolled-back chain. */
  readonly dropped: readonly { readonly txid: string; readonly code: string }[];
}

interface AddMode {
  readonly final: boolean;
  readonly verifySignatures: boolean;
  readonly addedAt?: number;
  readonly emitAdded: boolean;
}

const DEFAULT_SELECTION_BYTES = MAX_BLOCK_BYTES - 3_000_000;
/** Validation retries when the chain moves while a transaction is being checked. */
const MAX_ADD_ATTEMPTS = 8;

function refToId(ref: TxRef): string {
  return typeof ref === "string" ? ref.toLowerCase() : toHex(ref);
}

/** a pays strictly less per byte than b (exact: fee_a * size_b < fee_b * size_a). */
function cheaper(a: MempoolEntry, b: MempoolEntry): boolean {
  return a.fee * BigInt(b.size) < b.fee * BigInt(a.size);
}

/**
 * Capacity eviction order: the lowest fee per byte first, among equal rates the latest arrival (the one
 * that has waited least), then the larger id. Strict and total, so the victim never depends on the order
 * entries were scanned or pushed in.
 */
function evictsBefore(a: MempoolEntry, b: MempoolEntry): boolean {
  if (cheaper(a, b)) return true;
  if (cheaper(b, a)) return false;
  return a.addedAt > b.addedAt || (a.addedAt === b.addedAt && a.id > b.id);
}

export class Mempool {
  readonly opts: MempoolOptions;
  private readonly entries = new Map<string, Entry>();
  /** conflict key -> ids of pool transactions using it (arrival order). */
  private readonly byKey = new Map<string, Set<string>>();
  /** conflict key -> id of the final pool transaction using it. */
  private readonly finalByKey = new Map<string, string>();
  /** Per connected block (newest last), the final transactions it took out of the pool. */
  private readonly confirmedFinal: Set<string>[] = [];
  /** Exactly the non-final entries, in capacity eviction order (final ones are never evicted for room). */
  private readonly evictable = new IndexedHeap<Entry>(evictsBefore);
  private totalBytes = 0;
  private rebuilding: Promise<unknown> = Promise.resolve();
  private readonly verifier: SignatureVerifier;
  private readonly modules: MempoolModules;
  private readonly events: EventHub<MempoolEvents>;
  /** add / selectForBlock / returnTransactions calls not settled yet (close() waits for them). */
  private readonly inFlight = new Set<Promise<unknown>>();
  private closed = false;

  constructor(opts: Partial<MempoolOptions>, modules: MempoolModules) {
    this.opts = resolveMempoolOptions(opts);
    this.modules = modules;
    this.verifier = modules.verifier ?? verifyAll;
    this.events = new EventHub<MempoolEvents>(this.modules.logger.child({ module: "mempool" }));
  }

  /**
   * Lets every in-flight add, selectForBlock and returnTransactions settle, then refuses further changes
   * (add, markFinal, markRejected, selectForBlock, removeForBlock, returnTransactions) with MEMPOOL_CLOSED;
   * reads keep working. Close the chain service first: its imports call removeForBlock. Idempotent.
   */
  async close(): Promise<void> {
    this.closed = true;
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private assertOpen(): void {
    if (this.closed) throw new MempoolError("MEMPOOL_CLOSED", "the mempool is closed");
  }

  /** Runs an async entry point, refused once closed and tracked until it settles. */
  private track<T>(run: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new MempoolError("MEMPOOL_CLOSED", "the mempool is closed"));
    const promise = run();
    this.inFlight.add(promise);
    const forget = () => {
      this.inFlight.delete(promise);
    };
    promise.then(forget, forget);
    return promise;
  }

  // --- reads -------------------------------------------------------------------------------------------

  get size(): number {
    return this.entries.size;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  has(ref: TxRef): boolean {
    return this.entries.has(refToId(ref));
  }

  get(ref: TxRef): MempoolEntry | undefined {
    return this.entries.get(refToId(ref));
  }

  /** Every pool entry in arrival order. */
  all(): MempoolEntry[] {
    return [...this.entries.values()];
  }

  /** True when the transaction is in the pool and finalized here. */
  isFinal(ref: TxRef): boolean {
    return this.entries.get(refToId(ref))?.final === true;
  }

  /** Pool transactions sharing a conflict key with this one (each once, grouped by key). */
  conflictsOf(ref: TxRef): string[] {
    const entry = this.entries.get(refToId(ref));
    return entry ? this.conflictingIds(entry.id, entry.conflictKeys) : [];
  }

  /**
   * Conflict key (spent outpoint "txid:index", masternode collateral, "operator:<hex>") -> id of the final
   * transaction holding it. A block spending any of these keys in another transaction conflicts with what
   * this node finalized. A live view: do not hold it across awaits expecting it to stay still.
   */
  finalizedSpends(): ReadonlyMap<string, string> {
    return this.finalByKey;
  }

  /** Subscribes to a mempool event; listeners run once the pool is consistent, and one that throws is logged. */
  on<K extends keyof MempoolEvents>(name: K, listener: (payload: MempoolEvents[K]) => void): Unsubscribe {
    return this.events.on(name, listener);
  }

  onAdded(listener: (entry: MempoolEntry, conflictsWith: readonly string[]) => void): Unsubscribe {
    return this.events.on("mempool:added", ({ entry, conflictsWith }) => listener(entry, conflictsWith));
  }

  onEvicted(listener: (entry: MempoolEntry, reason: EvictionReason) => void): Unsubscribe {
    return this.events.on("mempool:evicted", ({ entry, reason }) => listener(entry, reason));
  }

  // --- admission ---------------------------------------------------------------------------------------

  /**
   * Validates and admits a transaction. Duplicates throw MEMPOOL_DUPLICATE, a conflict with a finalized
   * transaction MEMPOOL_CONFLICTS_FINAL, a full pool MEMPOOL_FULL, and a broken rule the kernel's
   * KernelError (TX_BAD_SIGNATURE when a signature does not verify).
   */
  add(tx: Transaction): Promise<AddResult> {
    return this.track(async () => {
      await this.rebuilding;
      return this.addInternal(tx, { final: false, verifySignatures: true, emitAdded: true });
    });
  }

  private async addInternal(tx: Transaction, mode: AddMode): Promise<AddResult> {
    const txid = transactionId(tx);
    const id = toHex(txid);
    const keys = transactionConflictKeys(tx);
    this.assertAdmissible(id, keys);
    for (let attempt = 0; attempt < MAX_ADD_ATTEMPTS; attempt++) {
      const tip = this.modules.backend.getTip();
      if (!tip) throw new MempoolError("MEMPOOL_NO_CHAIN", "the chain has no blocks yet", { txid: id });
      const { view, parents } = await this.prefetch(tx, tip);
      // Whether the chain or the pool moved while the view was read or the checks ran. A verdict of either
      // kind on a moved state is no verdict: a block that took a parent out of the pool between the chain
      // read and the pool read leaves an input in neither place, and refusing then would be for good (the
      // relay never admits a refused txid again).
      const moved = () => !this.sameTip(tip) || [...parents].some((p) => !this.entries.has(p));
      let result: ReturnType<typeof checkTransaction>;
      try {
        result = checkTransaction(tx, txid, view, {
          chainId: this.modules.params.chainId,
          height: tip.height + 1n,
        });
      } catch (error) {
        if (moved()) continue;
        throw error;
      }
      if (mode.verifySignatures && result.signatureChecks.length > 0) {
        const verdicts = await this.verifier(result.signatureChecks);
        const bad = result.signatureChecks.findIndex((_, i) => verdicts[i] !== true);
        if (bad >= 0) {
          if (moved()) continue;
          throw new KernelError("TX_BAD_SIGNATURE", `signature check ${bad} does not verify`, {
            txid: id,
            ...(bad < tx.inputs.length ? { inputIndex: bad } : {}),
          });
        }
      }
      // Commit synchronously, and only if what the checks relied on still holds.
      if (moved()) continue;
      this.assertAdmissible(id, keys);
      const entry: Entry = {
        tx,
        txid,
        id,
        size: result.size,
        fee: result.fee,
        addedAt: mode.addedAt ?? this.modules.clock.now(),
        conflictKeys: keys,
        final: false,
        parents,
        children: new Set(),
      };
      this.insert(entry);
      const conflictsWith = this.conflictingIds(id, keys);
      if (mode.final) this.finalize(entry);
      this.enforceLimits(entry);
      if (mode.emitAdded) this.events.emit("mempool:added", { entry, conflictsWith });
      return { txid: id, conflictKeys: keys, conflictsWith };
    }
    throw new MempoolError("MEMPOOL_BUSY", "the chain kept changing while the transaction was checked", {
      txid: id,
    });
  }

  private assertAdmissible(id: string, keys: readonly string[]): void {
    if (this.entries.has(id)) {
      throw new MempoolError("MEMPOOL_DUPLICATE", "the transaction is already in the pool", { txid: id });
    }
    this.assertNoFinalConflict(id, keys);
  }

  private assertNoFinalConflict(id: string, keys: readonly string[]): void {
    for (const key of keys) {
      const holder = this.finalByKey.get(key);
      if (holder !== undefined && holder !== id) {
        throw new MempoolError(
          "MEMPOOL_CONFLICTS_FINAL",
          "the transaction conflicts with one this node has finalized",
          { txid: id, conflictsWith: holder, key },
        );
      }
    }
  }

  private sameTip(tip: ChainTip): boolean {
    const now = this.modules.backend.getTip();
    return now !== null && now.height === tip.height && bytesEqual(now.hash, tip.hash);
  }

  /**
   * The state the kernel reads for this transaction: chain UTXOs and masternodes of what it touches, and
   * outputs of pool transactions for inputs the chain does not have (created at the next height).
   */
  private async prefetch(
    tx: Transaction,
    tip: ChainTip,
  ): Promise<{ view: MapStateView; parents: Set<string> }> {
    const { backend } = this.modules;
    const outpoints = new Map<string, OutPoint>();
    for (const input of tx.inputs) outpoints.set(outpointKey(input.prevout), input.prevout);
    if (tx.special) outpoints.set(outpointKey(tx.special.collateral), tx.special.collateral);
    const list = [...outpoints.values()];
    const chainEntries = await backend.getUtxos(list);
    const view = new MapStateView();
    const parents = new Set<string>();
    const onChain: OutPoint[] = [];
    list.forEach((outpoint, i) => {
      const entry = chainEntries[i];
      if (entry) {
        view.setUtxo(outpoint, entry);
        onChain.push(outpoint);
        return;
      }
      const parentId = toHex(outpoint.txid);
      const output = this.entries.get(parentId)?.tx.outputs[outpoint.index];
      if (output) {
        view.setUtxo(outpoint, {
          amount: output.amount,
          address: output.address,
          height: tip.height + 1n,
          isReward: false,
        });
        // An input or a registration's collateral: either way it depends on the pool transaction.
        parents.add(parentId);
      }
    });
    // Only chain outputs can be collateral already; the operator key may be taken by any masternode.
    const [records, operatorRecord] = await Promise.all([
      backend.getMasternodes(onChain),
      tx.special?.kind === "masternodeRegistration"
        ? backend.getMasternodeByOperator(tx.special.operatorPublicKey)
        : Promise.resolve(null),
    ]);
    for (const record of records) if (record) view.setMasternode(record);
    if (operatorRecord) view.setMasternode(operatorRecord);
    return { view, parents };
  }

  private insert(entry: Entry): void {
    this.entries.set(entry.id, entry);
    if (!entry.final) this.evictable.push(entry);
    this.totalBytes += entry.size;
    for (const key of entry.conflictKeys) {
      let set = this.byKey.get(key);
      if (!set) {
        set = new Set();
        this.byKey.set(key, set);
      }
      set.add(entry.id);
    }
    for (const parent of entry.parents) this.entries.get(parent)?.children.add(entry.id);
  }

  private conflictingIds(id: string, keys: readonly string[]): string[] {
    const out = new Set<string>();
    for (const key of keys) {
      for (const other of this.byKey.get(key) ?? []) if (other !== id) out.add(other);
    }
    return [...out];
  }

  /** Evicts the cheapest evictable transactions until the pool fits; MEMPOOL_FULL if `added` goes. */
  private enforceLimits(added: Entry): void {
    const { maxTransactions, maxBytes } = this.opts;
    // Held out of the heap for this call only: whether a descendant is final changes between calls.
    const protectedEntries: Entry[] = [];
    while (this.entries.size > maxTransactions || this.totalBytes > maxBytes) {
      const victim = this.evictable.pop();
      if (!victim) break;
      // Evicting it would take final descendants with it: keep it and look further.
      if (this.descendants(victim.id).some((d) => d.final)) {
        protectedEntries.push(victim);
        continue;
      }
      this.evict(victim.id, "capacity");
    }
    // None of them left meanwhile: an ancestor of a protected entry shares its final descendant, so it is
    // protected too, and `added` (no children yet) is never protected.
    for (const entry of protectedEntries) this.evictable.push(entry);
    if (!this.entries.has(added.id) || this.entries.size > maxTransactions || this.totalBytes > maxBytes) {
      if (this.entries.has(added.id)) this.evict(added.id, "capacity");
      throw new MempoolError("MEMPOOL_FULL", "the pool is full and this transaction pays too little", {
        txid: added.id,
        actual: `${added.fee} sat / ${added.size} bytes`,
      });
    }
  }

  // --- Snowball outcomes -------------------------------------------------------------------------------

  /**
   * Records that Snowball finalized the transaction here. Conflicting pool transactions can never win now
   * and are evicted (with their descendants); their ids are returned. Finalizing a transaction that
   * conflicts with another final one is refused (MEMPOOL_CONFLICTS_FINAL): that would be a safety fault.
   */
  markFinal(ref: TxRef): string[] {
    this.assertOpen();
    const id = refToId(ref);
    const entry = this.entries.get(id);
    if (!entry) throw new MempoolError("MEMPOOL_UNKNOWN_TX", "no such transaction in the pool", { txid: id });
    if (entry.final) return [];
    this.assertNoFinalConflict(id, entry.conflictKeys);
    return this.finalize(entry);
  }

  /** Snowball rejected the transaction: it and its descendants leave the pool. Unknown ids are a no-op. */
  markRejected(ref: TxRef): string[] {
    this.assertOpen();
    const id = refToId(ref);
    return this.entries.has(id) ? this.evict(id, "rejected") : [];
  }

  private finalize(entry: Entry): string[] {
    entry.final = true;
    this.evictable.delete(entry);
    for (const key of entry.conflictKeys) this.finalByKey.set(key, entry.id);
    const evicted: string[] = [];
    for (const loser of this.conflictingIds(entry.id, entry.conflictKeys)) {
      if (this.entries.has(loser)) evicted.push(...this.evict(loser, "lost-to-final"));
    }
    return evicted;
  }

  /** The transaction's pool descendants (children, their children, ...), without it. */
  private descendants(id: string): Entry[] {
    const out: Entry[] = [];
    const seen = new Set<string>([id]);
    const stack = [...(this.entries.get(id)?.children ?? [])];
    while (stack.length > 0) {
      const next = stack.pop() as string;
      if (seen.has(next)) continue;
      seen.add(next);
      const entry = this.entries.get(next);
      if (!entry) continue;
      out.push(entry);
      stack.push(...entry.children);
    }
    return out;
  }

  /** Removes the transaction and its descendants; returns their ids (the transaction first). */
  private evict(id: string, reason: EvictionReason): string[] {
    const root = this.entries.get(id);
    if (!root) return [];
    const victims = [root, ...this.descendants(id)];
    for (const victim of victims) this.remove(victim);
    victims.forEach((victim, i) => {
      this.events.emit("mempool:evicted", { entry: victim, reason: i === 0 ? reason : "parent-evicted" });
    });
    return victims.map((v) => v.id);
  }

  /** Takes one entry out of every index; its children lose it as a parent. */
  private remove(entry: Entry): void {
    this.entries.delete(entry.id);
    this.evictable.delete(entry);
    this.totalBytes -= entry.size;
    for (const key of entry.conflictKeys) {
      const set = this.byKey.get(key);
      set?.delete(entry.id);
      if (set?.size === 0) this.byKey.delete(key);
      if (this.finalByKey.get(key) === entry.id) this.finalByKey.delete(key);
    }
    for (const parent of entry.parents) this.entries.get(parent)?.children.delete(entry.id);
    for (const child of entry.children) this.entries.get(child)?.parents.delete(entry.id);
  }

  // --- blocks ------------------------------------------------------------------------------------------

  /**
   * Final transactions for a block proposal: each one's inputs are in the chain or in a transaction
   * selected before it, no two share a conflict key, best fee per byte first within the limits.
   */
  selectForBlock(limits: BlockSelectionLimits = {}): Promise<BlockSelection> {
    return this.track(() => this.selectNow(limits));
  }

  private async selectNow(limits: BlockSelectionLimits): Promise<BlockSelection> {
    await this.rebuilding;
    const maxTransactions = limits.maxTransactions ?? MAX_BLOCK_TRANSACTIONS - 1;
    const maxBytes = limits.maxBytes ?? DEFAULT_SELECTION_BYTES;
    const candidates = [...this.entries.values()].filter((e) => e.final);
    const chainInputs: OutPoint[] = [];
    for (const entry of candidates) {
      for (const input of entry.tx.inputs) {
        if (!entry.parents.has(toHex(input.prevout.txid))) chainInputs.push(input.prevout);
      }
    }
    const available = await this.modules.backend.getUtxos(chainInputs);
    const missing = new Set<string>();
    chainInputs.forEach((outpoint, i) => {
      if (!available[i]) missing.add(outpointKey(outpoint));
    });

    const eligible = new Map<string, Entry>();
    for (const entry of candidates) {
      if (!this.entries.has(entry.id)) continue;
      const ok = entry.tx.inputs.every(
        (input) => entry.parents.has(toHex(input.prevout.txid)) || !missing.has(outpointKey(input.prevout)),
      );
      if (ok) eligible.set(entry.id, entry);
    }
    const waiting = new Map<string, number>();
    const ready = new Heap<Entry>((a, b) => cheaper(b, a) || (!cheaper(a, b) && a.id < b.id));
    for (const entry of eligible.values()) {
      // A parent that is not eligible (not final, or stuck) holds the child back from this block.
      if ([...entry.parents].some((p) => !eligible.has(p))) continue;
      if (entry.parents.size === 0) ready.push(entry);
      else waiting.set(entry.id, entry.parents.size);
    }

    const used = new Set<string>();
    const selected: Entry[] = [];
    let bytes = 0;
    let fees = 0n;
    while (ready.size > 0 && selected.length < maxTransactions) {
      const entry = ready.pop() as Entry;
      if (bytes + entry.size > maxBytes) continue;
      if (entry.conflictKeys.some((key) => used.has(key))) continue;
      for (const key of entry.conflictKeys) used.add(key);
      selected.push(entry);
      bytes += entry.size;
      fees += entry.fee;
      for (const child of entry.children) {
        const pending = waiting.get(child);
        if (pending === undefined) continue;
        if (pending <= 1) {
          waiting.delete(child);
          ready.push(eligible.get(child) as Entry);
        } else {
          waiting.set(child, pending - 1);
        }
      }
    }
    selected.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return {
      transactions: selected.map((e) => e.tx),
      txids: selected.map((e) => e.txid),
      fees,
      bytes,
    };
  }

  /**
   * A block was connected: its transactions leave the pool (their children now spend chain outputs), and
   * pool transactions conflicting with it are evicted with their descendants.
   */
  removeForBlock(block: Block): RemoveForBlockResult {
    this.assertOpen();
    const blockKeys = new Map<string, string>();
    const included: string[] = [];
    const finals = new Set<string>();
    for (const tx of block.transactions) {
      const id = toHex(transactionId(tx));
      for (const key of transactionConflictKeys(tx)) blockKeys.set(key, id);
      const entry = this.entries.get(id);
      if (!entry) continue;
      if (entry.final) finals.add(id);
      this.remove(entry);
      included.push(id);
    }
    this.confirmedFinal.push(finals);
    if (this.confirmedFinal.length > MAX_REORG_DEPTH) this.confirmedFinal.shift();
    const evicted: string[] = [];
    for (const [key, blockTx] of blockKeys) {
      for (const other of [...(this.byKey.get(key) ?? [])]) {
        if (other !== blockTx && this.entries.has(other)) {
          evicted.push(...this.evict(other, "conflicts-with-block"));
        }
      }
    }
    return { included, evicted };
  }

  /**
   * After a rollback: the undone blocks' transactions come back (rewards skipped), final again if this
   * node had finalized them, and the pool is rebuilt against the rolled-back chain so that pool children of
   * returned transactions link to them again. Nothing is re-verified cryptographically (the block's and
   * the pool's signatures were checked on the way in); every kernel rule is.
   */
  returnTransactions(txs: readonly Transaction[]): Promise<ReturnResult> {
    return this.track(() => {
      const run = this.rebuilding.then(() => this.rebuild(txs));
      this.rebuilding = run.catch(() => undefined);
      return run;
    });
  }

  private async rebuild(txs: readonly Transaction[]): Promise<ReturnResult> {
    const wasConfirmedFinal = (id: string) => this.confirmedFinal.some((set) => set.has(id));
    interface Item {
      readonly tx: Transaction;
      readonly id: string;
      readonly final: boolean;
      readonly returned: boolean;
      readonly old?: Entry;
    }
    const items: Item[] = [];
    const seen = new Set<string>();
    for (const tx of txs) {
      if (tx.inputs.length === 0) continue;
      const id = toHex(transactionId(tx));
      if (seen.has(id)) continue;
      seen.add(id);
      items.push({ tx, id, final: wasConfirmedFinal(id), returned: true });
    }
    const old = [...this.entries.values()];
    for (const entry of old) {
      if (seen.has(entry.id)) continue;
      seen.add(entry.id);
      items.push({ tx: entry.tx, id: entry.id, final: entry.final, returned: false, old: entry });
    }
    for (const set of this.confirmedFinal) for (const item of items) set.delete(item.id);

    this.entries.clear();
    this.evictable.clear();
    this.byKey.clear();
    this.finalByKey.clear();
    this.totalBytes = 0;

    const added: string[] = [];
    const dropped: { txid: string; code: string }[] = [];
    for (const item of topologicalOrder(items)) {
      try {
        await this.addInternal(item.tx, {
          final: item.final,
          verifySignatures: false,
          emitAdded: false,
          ...(item.old ? { addedAt: item.old.addedAt } : {}),
        });
        if (item.returned) added.push(item.id);
      } catch (err) {
        // A transaction the rebuilt pool cannot take is a verdict (a kernel rule or a pool rule); any
        // other error (the backend failing) is a fault and must not silently empty the pool.
        if (!(err instanceof KernelError || err instanceof MempoolError)) throw err;
        dropped.push({ txid: item.id, code: err.code });
        if (item.old)
          this.events.emit("mempool:evicted", { entry: item.old, reason: "invalid-after-rollback" });
      }
    }
    // Announced once the pool is whole, so each conflict list names returned and pooled rivals alike.
    for (const id of added) {
      const entry = this.entries.get(id);
      if (entry)
        this.events.emit("mempool:added", {
          entry,
          conflictsWith: this.conflictingIds(id, entry.conflictKeys),
        });
    }
    return { added, dropped };
  }
}

/** Parents before children (by the inputs among `items`), otherwise in the given order. */
function topologicalOrder<T extends { readonly tx: Transaction; readonly id: string }>(
  items: readonly T[],
): T[] {
  const index = new Map(items.map((item, i) => [item.id, i]));
  const pending = new Array<number>(items.length).fill(0);
  const children: number[][] = items.map(() => []);
  items.forEach((item, i) => {
    const parents = new Set<number>();
    for (const input of item.tx.inputs) {
      const p = index.get(toHex(input.prevout.txid));
      if (p !== undefined && p !== i) parents.add(p);
    }
    if (item.tx.special) {
      const p = index.get(toHex(item.tx.special.collateral.txid));
      if (p !== undefined && p !== i) parents.add(p);
    }
    pending[i] = parents.size;
    for (const p of parents) (children[p] as number[]).push(i);
  });
  const ready = new Heap<number>((a, b) => a < b);
  pending.forEach((n, i) => {
    if (n === 0) ready.push(i);
  });
  const order: T[] = [];
  while (ready.size > 0) {
    const i = ready.pop() as number;
    order.push(items[i] as T);
    for (const c of children[i] as number[]) {
      pending[c] = (pending[c] as number) - 1;
      if (pending[c] === 0) ready.push(c);
    }
  }
  return order;
}
