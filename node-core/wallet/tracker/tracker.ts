// WalletTracker: the coins and history of one HdAccount, moved along by the chain (connected blocks,
// rollbacks), the mempool (pool transactions of ours, evictions) and Snowball (voting, final, rejected).
// Every input goes through one queue, so changes apply one at a time in call order, and the only reads of
// the chain go through ChainView (catching up missed blocks, coins a rollback restores, masternode
// collateral). Time comes only from the injected Clock. A rollback needs no undo data of its own: a
// rolled-back block lists what it spent, an input's public key says whether the coin was ours, and the
// creating transaction (in the rolled blocks or still on the chain) gives its amount.
//
// Pool transactions: their outputs to us are pending coins (spendable once Snowball says final), the coins
// their inputs spend are reserved (counted nowhere). A block holding one turns its coins into confirmed
// ones; a rejection or eviction undoes its pool effects and records the reason.
import { blockHash as hashOfHeader, transactionId } from "../../codec/index.js";
import type { FinalityStatus } from "../../consensus/snowball/index.js";
import { outpointKey } from "../../kernel/index.js";
import { addressPayloadFromPublicKey } from "../../keys/index.js";
import type { CertifiedBlock, Hash32, OutPoint, Transaction } from "../../types/index.js";
import { fromHex, toHex } from "../../types/index.js";
import { EventHub } from "../../util/index.js";
import type { AddressChain, DerivedAddress, UsedIndices } from "../accounts/index.js";
import { categorize, emptyBalance, sameBalance, sumBalance } from "./balance.js";
import type { PoolTransaction, WalletChainEvents } from "./chain-events.js";
import { type CheckpointCoin, type CheckpointTransaction, MAX_ABANDONED } from "./checkpoint.js";
import { TrackerError } from "./errors.js";
import type { WalletTrackerEvents } from "./events.js";
import {
  type ResolvedWalletTrackerOptions,
  resolveWalletTrackerOptions,
  type ScanOptions,
  type WalletTrackerModules,
  type WalletTrackerOptions,
} from "./options.js";
import { runScan, type ScanResult } from "./scan.js";
import {
  describeEviction,
  finalInBlock,
  finalInPool,
  fromSnowball,
  pendingStatus,
  rejectedStatus,
  sameStatus,
} from "./status.js";
import type {
  AbandonResult,
  SendDetails,
  SendInputState,
  WalletBalance,
  WalletCoin,
  WalletTransaction,
  WalletTxStatus,
} from "./types.js";

interface CoinRecord {
  readonly outpoint: OutPoint;
  readonly key: string;
  readonly txid: string;
  readonly amount: bigint;
  readonly owner: DerivedAddress;
  height: bigint | null;
  isReward: boolean;
  reservedBy: string | null;
}

interface TxRecord {
  readonly txid: string;
  /** Kept while it is (or may come back as) a pool transaction, to apply and undo its pool effects. */
  tx: Transaction | null;
  received: bigint;
  sent: bigint;
  fee: bigint | null;
  isReward: boolean;
  height: bigint | null;
  blockHash: string | null;
  position: number | null;
  firstSeenAt: number | null;
  status: WalletTxStatus;
  /** The mempool holds it, by the last pool event. */
  inPool: boolean;
  /** The mempool or Snowball said final. */
  poolFinal: boolean;
  /** Its pending coins and reservations are in the coin set. */
  poolApplied: boolean;
  /** A status event has named it (the first one carries previous: null). */
  announced: boolean;
  /** The user gave up on it (abandon): no pool effects while it stays neither final nor in a block. */
  abandoned: boolean;
}

/** The tracker's chain position and confirmed state, as a scan checkpoint carries it. */
export interface TrackerSnapshot {
  readonly tipHeight: bigint | null;
  readonly tipHash: string | null;
  readonly coins: readonly CheckpointCoin[];
  readonly transactions: readonly CheckpointTransaction[];
  /** Ids of the transactions the user abandoned (kept across restarts: the pool may hand one back). */
  readonly abandoned: readonly string[];
}

/** What windowPending() reports. */
export interface WindowPending {
  /** The first block that paid the last part of the window. */
  readonly fromHeight: bigint;
  /** The confirmed state and used indices just before it; null when a scan saw it (redo the scan). */
  readonly before: { readonly snapshot: TrackerSnapshot; readonly used: UsedIndices } | null;
}

export class WalletTracker implements WalletChainEvents {
  readonly events: EventHub<WalletTrackerEvents>;
  readonly opts: ResolvedWalletTrackerOptions;
  private readonly coinsByKey = new Map<string, CoinRecord>();
  private readonly history = new Map<string, TxRecord>();
  private readonly locked = new Set<string>();
  /** Abandoned transaction ids, also those with no record now (a restart: the pool may still hold one). */
  private readonly abandonedIds = new Set<string>();
  private tip: { height: bigint; hash: string } | null = null;
  private lastBalance: WalletBalance = emptyBalance();
  private queue: Promise<unknown> = Promise.resolve();
  /** While a scan replays history, per-transaction events are held back (one balance event at the end). */
  private quiet = false;
  /** A payment landed in the last part of the (wiped) account's window; see windowPending(). */
  private pendingWindow: WindowPending | null = null;

  constructor(
    opts: WalletTrackerOptions,
    readonly modules: WalletTrackerModules,
  ) {
    this.opts = resolveWalletTrackerOptions(opts);
    this.events = new EventHub<WalletTrackerEvents>(modules.logger);
  }

  get account(): WalletTrackerModules["account"] {
    return this.modules.account;
  }

  /** Hash (hex) of the last block applied, or null before any. */
  get tipHash(): string | null {
    return this.tip?.hash ?? null;
  }

  /** Height of the last block applied, or null before any. */
  get tipHeight(): bigint | null {
    return this.tip?.height ?? null;
  }

  // ---- inputs (WalletChainEvents) ----

  onBlock(certified: CertifiedBlock): Promise<void> {
    return this.enqueue(async () => {
      const height = certified.block.header.height;
      if (this.tip !== null && height <= this.tip.height) return; // a scan already covered it
      if (this.tip !== null) {
        // Blocks connected while nobody fed us (a listener attached late): read them from the chain.
        for (let h = this.tip.height + 1n; h < height; h++) {
          const missed = await this.modules.view.getBlockByHeight(h);
          if (missed === null) break;
          this.applyBlock(missed);
        }
      }
      const dirtyLocks = this.applyBlock(certified);
      if (dirtyLocks) await this.refreshLocks();
      this.publishBalance();
    });
  }

  onRollback(blocks: readonly CertifiedBlock[]): Promise<void> {
    return this.enqueue(async () => {
      await this.undoBlocks(blocks);
      this.reapplyPool();
      await this.refreshLocks();
      this.publishBalance();
    });
  }

  onPoolTransaction(pool: PoolTransaction): Promise<void> {
    return this.enqueue(async () => {
      this.addPoolTransaction(pool.tx, pool.final === true);
      this.publishBalance();
    });
  }

  onPoolEviction(txid: Hash32 | string, reason: string): Promise<void> {
    return this.enqueue(async () => {
      const record = this.history.get(hexOf(txid));
      if (record === undefined || record.height !== null) return;
      record.inPool = false;
      this.unapplyPool(record);
      this.setStatus(record, rejectedStatus(this.opts.beta, describeEviction(reason), record.status.finalMs));
      this.publishBalance();
    });
  }

  onFinality(txid: Hash32 | string, status: FinalityStatus): Promise<void> {
    return this.enqueue(async () => {
      const record = this.history.get(hexOf(txid));
      if (record === undefined) return;
      const next = fromSnowball(status, record.firstSeenAt, this.modules.clock.now());
      if (record.height !== null) {
        // A block holds it: the chain has settled it; only the time to finality is news.
        if (next.state === "final" && record.status.finalMs === null && next.finalMs !== null) {
          this.setStatus(record, { ...record.status, finalMs: next.finalMs });
        }
        return;
      }
      if (next.state === "rejected") {
        record.inPool = false;
        this.unapplyPool(record);
      } else if (next.state === "final") {
        record.poolFinal = true;
        // The network made it final all the same: its coins are spent, whatever the user gave up on.
        if (record.abandoned) {
          this.forgetAbandoned(record);
          this.applyPool(record);
        }
      }
      this.setStatus(record, next);
      this.publishBalance();
    });
  }

  /**
   * Abandons a wallet transaction that is neither final nor in a block (Bitcoin Core's abandontransaction):
   * its reservations are released, its pending outputs dropped, and so for every pending transaction of
   * ours spending its outputs. `persist` is called with every abandoned id, in the queue (so no scan
   * writes a checkpoint meanwhile). Abandoning one already abandoned does it again (nothing changes).
   * Throws TRACKER_TX_NOT_FOUND or TRACKER_TX_NOT_ABANDONABLE.
   */
  abandon(
    txid: Hash32 | string,
    persist: (abandoned: readonly string[]) => Promise<void> = async () => {},
  ): Promise<AbandonResult> {
    return this.enqueue(async () => {
      const id = hexOf(txid);
      const record = this.history.get(id);
      if (record === undefined) {
        throw new TrackerError("TRACKER_TX_NOT_FOUND", `no transaction ${id} in this wallet`, { txid: id });
      }
      const why = notAbandonable(record);
      if (why !== null) {
        throw new TrackerError(
          "TRACKER_TX_NOT_ABANDONABLE",
          why === "in-block"
            ? `transaction ${id} is in block ${record.height}: it cannot be abandoned`
            : `transaction ${id} is final: it cannot be abandoned`,
          { txid: id, why },
        );
      }
      const marked: string[] = [];
      const visit = (r: TxRecord): void => {
        if (marked.includes(r.txid) || notAbandonable(r) !== null) return;
        marked.push(r.txid);
        r.abandoned = true;
        this.abandonedIds.add(r.txid);
        // A checkpoint keeps at most MAX_ABANDONED: the oldest give way (the pool long dropped them).
        for (const old of this.abandonedIds) {
          if (this.abandonedIds.size <= MAX_ABANDONED) break;
          this.abandonedIds.delete(old);
        }
        this.unapplyPool(r);
        // Descendants of ours spend outputs that are gone now: they go too (as Bitcoin Core does).
        for (const other of this.history.values()) {
          if (other.tx?.inputs.some((input) => toHex(input.prevout.txid) === r.txid)) visit(other);
        }
      };
      visit(record);
      await persist([...this.abandonedIds]);
      this.publishBalance();
      return { abandoned: marked, inputs: this.inputStates(record) };
    });
  }

  /**
   * Whether the watching account's window must be extended (a block paid an address in its last part while
   * no listener could derive more), from which height, and the confirmed state just before that block (null
   * when it happened during a scan: then the whole scan is redone). Extend the window, then rescan.
   */
  windowPending(): WindowPending | null {
    return this.pendingWindow;
  }

  clearWindowPending(): void {
    this.pendingWindow = null;
  }

  /** Ids of every abandoned transaction (what a checkpoint keeps). */
  abandonedTransactions(): string[] {
    return [...this.abandonedIds];
  }

  /** A transaction this wallet submitted: tracked as pending from now (the pool's event changes nothing). */
  trackSubmitted(tx: Transaction): Promise<void> {
    return this.onPoolTransaction({ tx });
  }

  /**
   * Rescans from `opts.birthday` to the tip (a restore scan is the same on a new wallet), resuming from the
   * store's checkpoint when one fits. Runs in the input queue: inputs arriving meanwhile wait for it.
   */
  rescan(opts: ScanOptions): Promise<ScanResult> {
    return this.enqueue(() => runScan(this, opts));
  }

  /** Resolves once every input queued so far is applied. */
  async idle(): Promise<void> {
    await this.queue.catch(() => undefined);
  }

  // ---- reads ----

  balance(): WalletBalance {
    return this.computeBalance();
  }

  coins(): WalletCoin[] {
    const tipHeight = this.tip?.height ?? null;
    return [...this.coinsByKey.values()]
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .map((coin) => ({
        outpoint: coin.outpoint,
        txid: coin.txid,
        amount: coin.amount,
        address: coin.owner.payload,
        chain: coin.owner.chain,
        addressIndex: coin.owner.index,
        height: coin.height,
        isReward: coin.isReward,
        reservedBy: coin.reservedBy,
        category: categorize(
          coin,
          this.locked.has(coin.key),
          this.isPoolFinal(coin),
          tipHeight,
          this.opts.rewardMaturity,
        ),
      }));
  }

  /** Newest first: pool transactions (latest seen first), then by height and position, descending. */
  transactions(): WalletTransaction[] {
    return [...this.history.values()].sort(compareHistory).map(toWalletTransaction);
  }

  transaction(txid: Hash32 | string): WalletTransaction | null {
    const record = this.history.get(hexOf(txid));
    return record === undefined ? null : toWalletTransaction(record);
  }

  /** What a transaction of ours spent and paid (inputs with where each stands now), or null if unknown. */
  sendDetails(txid: Hash32 | string): SendDetails | null {
    const record = this.history.get(hexOf(txid));
    if (record === undefined) return null;
    const recipients = (record.tx?.outputs ?? []).filter((output) => !this.account.owns(output.address));
    return {
      transaction: toWalletTransaction(record),
      inputs: this.inputStates(record),
      recipients,
      known: record.tx !== null,
    };
  }

  // ---- scan support (scan.ts) ----

  /** @internal Forgets the chain-derived state before a scan pass; pool transactions are kept aside. */
  resetForScan(): void {
    this.quiet = true;
    for (const record of [...this.history.values()]) {
      if (record.height === null && record.inPool && record.tx !== null) {
        record.poolApplied = false;
        record.received = 0n;
        record.sent = 0n;
      } else {
        this.history.delete(record.txid);
      }
    }
    this.coinsByKey.clear();
    this.locked.clear();
    this.tip = null;
  }

  /** @internal Applies one scanned block without events. */
  applyScannedBlock(certified: CertifiedBlock): void {
    this.quiet = true;
    this.applyBlock(certified);
  }

  /** @internal Ends a scan: collateral locks from the chain, pool effects back on top, one balance event. */
  async finishScan(): Promise<void> {
    this.quiet = false;
    this.reapplyPool();
    await this.refreshLocks();
    this.publishBalance();
  }

  /** @internal Leaves quiet mode after a cancelled or failed scan (the state is what was scanned). */
  abortScan(): void {
    this.quiet = false;
    this.publishBalance();
  }

  /** The confirmed state, as a checkpoint saves it (pool transactions are not part of it). */
  snapshot(): TrackerSnapshot {
    const coins: CheckpointCoin[] = [];
    for (const coin of this.coinsByKey.values()) {
      if (coin.height === null) continue;
      coins.push({
        txid: coin.txid,
        index: coin.outpoint.index,
        amount: coin.amount,
        address: coin.owner.payloadHex,
        height: coin.height,
        isReward: coin.isReward,
      });
    }
    const transactions: CheckpointTransaction[] = [];
    for (const r of this.history.values()) {
      if (r.height === null || r.blockHash === null || r.position === null) continue;
      transactions.push({
        txid: r.txid,
        height: r.height,
        blockHash: r.blockHash,
        position: r.position,
        received: r.received,
        sent: r.sent,
        fee: r.fee,
        isReward: r.isReward,
      });
    }
    return {
      tipHeight: this.tip?.height ?? null,
      tipHash: this.tip?.hash ?? null,
      coins,
      transactions,
      abandoned: [...this.abandonedIds],
    };
  }

  /** @internal Loads a checkpoint's confirmed state (after resetForScan and account.restoreUsed). */
  loadSnapshot(snapshot: TrackerSnapshot): void {
    for (const txid of snapshot.abandoned) this.abandonedIds.add(txid);
    for (const coin of snapshot.coins) {
      const owner = this.account.lookup(coin.address);
      if (owner === undefined) continue; // not derivable from the restored window: the scan finds it again
      const outpoint = { txid: fromHex(coin.txid), index: coin.index };
      const key = outpointKey(outpoint);
      this.coinsByKey.set(key, {
        outpoint,
        key,
        txid: coin.txid,
        amount: coin.amount,
        owner,
        height: coin.height,
        isReward: coin.isReward,
        reservedBy: null,
      });
    }
    for (const t of snapshot.transactions) {
      this.history.set(t.txid, {
        txid: t.txid,
        tx: null,
        received: t.received,
        sent: t.sent,
        fee: t.fee,
        isReward: t.isReward,
        height: t.height,
        blockHash: t.blockHash,
        position: t.position,
        firstSeenAt: null,
        status: finalInBlock(this.opts.beta, t.height, null),
        inPool: false,
        poolFinal: false,
        poolApplied: false,
        announced: true,
        abandoned: false,
      });
    }
    this.tip =
      snapshot.tipHeight === null || snapshot.tipHash === null
        ? null
        : { height: snapshot.tipHeight, hash: snapshot.tipHash };
  }

  /** @internal Transactions of ours found so far (scan progress). */
  foundCount(): number {
    return this.history.size;
  }

  // ---- state changes ----

  /** Applies a connected block; returns whether masternode collateral of ours may have changed. */
  private applyBlock(certified: CertifiedBlock): boolean {
    this.checkWindow(certified);
    const { block } = certified;
    const height = block.header.height;
    const blockHash = toHex(hashOfHeader(block.header));
    const collaterals: string[] = [];
    // Outputs first, then spends: a block orders its transactions by txid, so a child can come before
    // the parent whose output it spends, and a spend read before that output exists would be missed (the
    // output then stays a coin, spendable twice in the wallet's eyes).
    const txids = block.transactions.map((tx) => toHex(transactionId(tx)));
    const received: bigint[] = [];
    const outputTotals: bigint[] = [];
    block.transactions.forEach((tx, position) => {
      const txid = txids[position] as string;
      let paidToUs = 0n;
      let outputTotal = 0n;
      tx.outputs.forEach((output, index) => {
        outputTotal += output.amount;
        const used = this.account.markUsed(output.address);
        if (used === null) return;
        paidToUs += output.amount;
        const outpoint = { txid: fromHex(txid), index };
        const key = outpointKey(outpoint);
        const existing = this.coinsByKey.get(key);
        if (existing !== undefined) {
          existing.height = height;
          existing.isReward = tx.inputs.length === 0;
        } else {
          this.coinsByKey.set(key, {
            outpoint,
            key,
            txid,
            amount: output.amount,
            owner: this.account.lookup(output.address) as DerivedAddress,
            height,
            isReward: tx.inputs.length === 0,
            reservedBy: null,
          });
        }
      });
      received.push(paidToUs);
      outputTotals.push(outputTotal);
    });
    block.transactions.forEach((tx, position) => {
      const txid = txids[position] as string;
      let sent = 0n;
      let allInputsOurs = tx.inputs.length > 0;
      for (const input of tx.inputs) {
        const key = outpointKey(input.prevout);
        const coin = this.coinsByKey.get(key);
        if (coin === undefined) {
          allInputsOurs = false;
          continue;
        }
        this.coinsByKey.delete(key);
        this.locked.delete(key);
        sent += coin.amount;
      }
      if (tx.special !== null) collaterals.push(outpointKey(tx.special.collateral));
      const known = this.history.get(txid);
      const paidToUs = received[position] as bigint;
      if (sent === 0n && paidToUs === 0n && known === undefined) return;
      const record = known ?? this.newRecord(txid, null);
      record.tx = null;
      record.received = paidToUs;
      record.sent = sent;
      record.fee = allInputsOurs ? sent - (outputTotals[position] as bigint) : null;
      record.isReward = tx.inputs.length === 0;
      record.height = height;
      record.blockHash = blockHash;
      record.position = position;
      record.inPool = false;
      record.poolApplied = false;
      if (record.abandoned) this.forgetAbandoned(record);
      this.setStatus(record, finalInBlock(this.opts.beta, height, known?.status.finalMs ?? null));
    });
    this.tip = { height, hash: blockHash };
    return collaterals.some((key) => this.coinsByKey.has(key) || this.locked.has(key));
  }

  /** Reverses connected blocks, tip first; their non-reward transactions wait for the mempool's verdict. */
  private async undoBlocks(blocks: readonly CertifiedBlock[]): Promise<void> {
    const rolled = new Map<string, { tx: Transaction; height: bigint }>();
    for (const certified of blocks) {
      for (const tx of certified.block.transactions) {
        rolled.set(toHex(transactionId(tx)), { tx, height: certified.block.header.height });
      }
    }
    for (const certified of blocks) {
      const { header, transactions } = certified.block;
      // Only the block at our tip can be undone (tip first, so each one's parent is the next in turn).
      if (this.tip === null || toHex(hashOfHeader(header)) !== this.tip.hash) continue;
      // Spends back first, then the block's outputs go: the reverse of applyBlock, so an output a later
      // transaction of the same block created and an earlier one spent (txid order) is not brought back.
      for (const tx of transactions) {
        for (const input of tx.inputs) {
          if (!this.account.owns(addressPayloadFromPublicKey(input.publicKey))) continue;
          await this.restoreSpentCoin(input.prevout, rolled);
        }
      }
      for (let position = transactions.length - 1; position >= 0; position--) {
        const tx = transactions[position] as Transaction;
        const txid = toHex(transactionId(tx));
        tx.outputs.forEach((output, index) => {
          if (!this.account.owns(output.address)) return;
          const key = `${txid}:${index}`;
          this.coinsByKey.delete(key);
          this.locked.delete(key);
        });
        const record = this.history.get(txid);
        if (record === undefined) continue;
        record.height = null;
        record.blockHash = null;
        record.position = null;
        if (tx.inputs.length === 0) {
          this.setStatus(
            record,
            rejectedStatus(this.opts.beta, "the block holding this reward was rolled back", null),
          );
        } else if (record.inPool) {
          record.tx = tx;
        } else {
          record.tx = tx;
          this.setStatus(
            record,
            rejectedStatus(
              this.opts.beta,
              "its block was rolled back and the mempool has not taken it back",
              null,
            ),
          );
        }
      }
      this.tip =
        header.height === 0n ? null : { height: header.height - 1n, hash: toHex(header.previousHash) };
    }
  }

  private async restoreSpentCoin(
    prevout: OutPoint,
    rolled: ReadonlyMap<string, { tx: Transaction; height: bigint }>,
  ): Promise<void> {
    const txid = toHex(prevout.txid);
    let creator = rolled.get(txid);
    if (creator === undefined) {
      const stored = await this.modules.view.getTransaction(prevout.txid);
      if (stored === null) return;
      creator = { tx: stored.transaction, height: stored.height };
    }
    const output = creator.tx.outputs[prevout.index];
    const owner = output === undefined ? undefined : this.account.lookup(output.address);
    if (output === undefined || owner === undefined) return;
    const key = outpointKey(prevout);
    this.coinsByKey.set(key, {
      outpoint: prevout,
      key,
      txid,
      amount: output.amount,
      owner,
      height: creator.height,
      isReward: creator.tx.inputs.length === 0,
      reservedBy: null,
    });
  }

  private addPoolTransaction(tx: Transaction, final: boolean): void {
    const txid = toHex(transactionId(tx));
    const known = this.history.get(txid);
    if (known !== undefined && known.height !== null) {
      // Handed back by a rollback before the rollback itself is announced: applied when it is.
      known.tx = tx;
      known.inPool = true;
      known.poolFinal = final;
      return;
    }
    if (known?.poolApplied) {
      if (final && known.status.state !== "final") {
        known.poolFinal = true;
        this.setStatus(known, finalInPool(this.opts.beta, known.status.finalMs));
      }
      return;
    }
    const ours =
      tx.inputs.some(
        (input) =>
          this.coinsByKey.has(outpointKey(input.prevout)) ||
          this.account.owns(addressPayloadFromPublicKey(input.publicKey)),
      ) || tx.outputs.some((output) => this.account.owns(output.address));
    if (!ours) return;
    const record = known ?? this.newRecord(txid, this.modules.clock.now());
    record.firstSeenAt ??= this.modules.clock.now();
    record.tx = tx;
    record.inPool = true;
    record.poolFinal = final;
    if (this.abandonedIds.has(txid)) {
      // Abandoned before (maybe before a restart): it takes no coins unless the network made it final.
      if (!final) {
        record.abandoned = true;
        if (known === undefined) this.setStatus(record, pendingStatus(this.opts.beta));
        return;
      }
      this.forgetAbandoned(record);
    }
    this.applyPool(record);
    this.setStatus(record, final ? finalInPool(this.opts.beta, null) : pendingStatus(this.opts.beta));
  }

  private applyPool(record: TxRecord): void {
    const tx = record.tx;
    if (tx === null || record.poolApplied) return;
    let sent = 0n;
    let allInputsOurs = tx.inputs.length > 0;
    for (const input of tx.inputs) {
      const coin = this.coinsByKey.get(outpointKey(input.prevout));
      if (coin === undefined) {
        allInputsOurs = false;
        continue;
      }
      if (coin.reservedBy === null) coin.reservedBy = record.txid;
      sent += coin.amount;
    }
    let received = 0n;
    let outputTotal = 0n;
    tx.outputs.forEach((output, index) => {
      outputTotal += output.amount;
      if (this.account.markUsed(output.address) === null) return;
      received += output.amount;
      const outpoint = { txid: fromHex(record.txid), index };
      const key = outpointKey(outpoint);
      if (this.coinsByKey.has(key)) return;
      this.coinsByKey.set(key, {
        outpoint,
        key,
        txid: record.txid,
        amount: output.amount,
        owner: this.account.lookup(output.address) as DerivedAddress,
        height: null,
        isReward: false,
        reservedBy: null,
      });
    });
    record.sent = sent;
    record.received = received;
    record.fee = allInputsOurs ? sent - outputTotal : null;
    record.poolApplied = true;
  }

  private unapplyPool(record: TxRecord): void {
    if (!record.poolApplied) return;
    const released: CoinRecord[] = [];
    for (const coin of [...this.coinsByKey.values()]) {
      if (coin.reservedBy === record.txid) {
        coin.reservedBy = null;
        released.push(coin);
      }
      if (coin.txid === record.txid && coin.height === null) this.coinsByKey.delete(coin.key);
    }
    record.poolApplied = false;
    // The other side of a double spend (a restored copy of this wallet elsewhere) may still spend the coin:
    // then it stays held, or the wallet would offer a coin the network has already given to the winner.
    for (const coin of released) {
      for (const other of this.history.values()) {
        if (other === record || !other.poolApplied || other.tx === null) continue;
        if (other.tx.inputs.some((input) => outpointKey(input.prevout) === coin.key)) {
          coin.reservedBy = other.txid;
          break;
        }
      }
    }
  }

  /** Pool effects of transactions the mempool holds, parents before children. */
  private reapplyPool(): void {
    const waiting = [...this.history.values()].filter(
      (r) => r.inPool && !r.poolApplied && r.height === null && r.tx !== null && !r.abandoned,
    );
    const ids = new Set(waiting.map((r) => r.txid));
    const done = new Set<string>();
    const visit = (record: TxRecord): void => {
      if (done.has(record.txid)) return;
      done.add(record.txid);
      for (const input of record.tx?.inputs ?? []) {
        const parent = toHex(input.prevout.txid);
        if (ids.has(parent)) visit(this.history.get(parent) as TxRecord);
      }
      this.applyPool(record);
      this.setStatus(
        record,
        record.poolFinal
          ? finalInPool(this.opts.beta, record.status.finalMs)
          : pendingStatus(this.opts.beta, "returned to the mempool by a rollback"),
      );
    };
    for (const record of waiting) visit(record);
  }

  /** Which of our confirmed coins are registered masternode collateral, from the chain. */
  private async refreshLocks(): Promise<void> {
    const confirmed = [...this.coinsByKey.values()].filter((coin) => coin.height !== null);
    const records = await this.modules.view.getMasternodes(confirmed.map((coin) => coin.outpoint));
    this.locked.clear();
    confirmed.forEach((coin, i) => {
      if (records[i] !== null && records[i] !== undefined) this.locked.add(coin.key);
    });
  }

  private newRecord(txid: string, firstSeenAt: number | null): TxRecord {
    const record: TxRecord = {
      txid,
      tx: null,
      received: 0n,
      sent: 0n,
      fee: null,
      isReward: false,
      height: null,
      blockHash: null,
      position: null,
      firstSeenAt,
      status: pendingStatus(this.opts.beta),
      inPool: false,
      poolFinal: false,
      poolApplied: false,
      announced: false,
      abandoned: false,
    };
    this.history.set(txid, record);
    return record;
  }

  private setStatus(record: TxRecord, status: WalletTxStatus): void {
    const isNew = !record.announced;
    const previous = record.status;
    record.status = status;
    // A scan's records are not announced one by one: the UI reads the history once the scan ends.
    record.announced = true;
    if (this.quiet || (!isNew && sameStatus(previous, status))) return;
    this.events.emit("wallet:transactionStatusChanged", {
      txid: record.txid,
      status,
      previous: isNew ? null : previous,
    });
  }

  /** Before applying a block: does it pay the last part of a watching account's window? */
  private checkWindow(certified: CertifiedBlock): void {
    const { account } = this;
    if (!account.isWiped) return; // an account with keys derives its window as it goes
    const { lowWater } = this.opts;
    const spare = (chain: AddressChain, index: number) =>
      account.spareAddresses(chain, Math.max(index, account.highestUsed(chain)));
    let low: { chain: AddressChain; index: number } | null = null;
    for (const tx of certified.block.transactions) {
      for (const output of tx.outputs) {
        const found = account.lookup(output.address);
        if (found === undefined || spare(found.chain, found.index) >= lowWater) continue;
        if (low === null || found.index > low.index) low = { chain: found.chain, index: found.index };
      }
    }
    if (low === null) return;
    const height = certified.block.header.height;
    this.events.emit("wallet:windowLow", { ...low, height });
    if (spare(low.chain, low.index) >= lowWater || this.pendingWindow !== null) return; // extended meanwhile
    this.pendingWindow = {
      fromHeight: height,
      before: this.quiet ? null : { snapshot: this.snapshot(), used: account.usedIndices() },
    };
  }

  private forgetAbandoned(record: TxRecord): void {
    record.abandoned = false;
    this.abandonedIds.delete(record.txid);
  }

  /** Where each input of ours of `record` stands now. */
  private inputStates(record: TxRecord): SendInputState[] {
    const states: SendInputState[] = [];
    for (const input of record.tx?.inputs ?? []) {
      const coin = this.coinsByKey.get(outpointKey(input.prevout));
      if (coin === undefined) {
        if (!this.account.owns(addressPayloadFromPublicKey(input.publicKey))) continue;
        states.push({ outpoint: input.prevout, amount: null, state: "gone", heldBy: null });
        continue;
      }
      const state = coin.reservedBy === null ? "free" : coin.reservedBy === record.txid ? "reserved" : "held";
      states.push({
        outpoint: input.prevout,
        amount: coin.amount,
        state,
        heldBy: state === "held" ? coin.reservedBy : null,
      });
    }
    return states;
  }

  private isPoolFinal(coin: CoinRecord): boolean {
    const record = this.history.get(coin.txid);
    return record !== undefined && (record.poolFinal || record.status.state === "final");
  }

  private computeBalance(): WalletBalance {
    const tipHeight = this.tip?.height ?? null;
    return sumBalance(
      [...this.coinsByKey.values()].map((coin) => ({
        amount: coin.amount,
        category: categorize(
          coin,
          this.locked.has(coin.key),
          this.isPoolFinal(coin),
          tipHeight,
          this.opts.rewardMaturity,
        ),
      })),
    );
  }

  private publishBalance(): void {
    if (this.quiet) return;
    const balance = this.computeBalance();
    const previous = this.lastBalance;
    if (sameBalance(balance, previous)) return;
    this.lastBalance = balance;
    this.events.emit("wallet:balanceChanged", { balance, previous });
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    // One failed input must not wedge the queue; its caller sees the error.
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function hexOf(txid: Hash32 | string): string {
  return typeof txid === "string" ? txid.toLowerCase() : toHex(txid);
}

function compareHistory(a: TxRecord, b: TxRecord): number {
  if (a.height === null || b.height === null) {
    if (a.height !== null) return 1;
    if (b.height !== null) return -1;
    return (b.firstSeenAt ?? 0) - (a.firstSeenAt ?? 0) || (a.txid < b.txid ? -1 : 1);
  }
  if (a.height !== b.height) return a.height > b.height ? -1 : 1;
  return (b.position ?? 0) - (a.position ?? 0);
}

function toWalletTransaction(r: TxRecord): WalletTransaction {
  return {
    txid: r.txid,
    received: r.received,
    sent: r.sent,
    net: r.received - r.sent,
    fee: r.fee,
    isReward: r.isReward,
    height: r.height,
    blockHash: r.blockHash,
    position: r.position,
    firstSeenAt: r.firstSeenAt,
    status: r.status,
    abandoned: r.abandoned,
  };
}

/** Why a record cannot be abandoned, or null when it can. */
function notAbandonable(r: TxRecord): "final" | "in-block" | null {
  if (r.height !== null) return "in-block";
  if (r.poolFinal || r.status.state === "final") return "final";
  return null;
}
