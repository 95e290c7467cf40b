// ChainStore: the chain in LevelDB. One Level instance, flat sibling sublevels with binary keys (layout.ts),
// one atomic batch per state change, so a killed process always reopens at a block boundary.
// Connecting checks the block with the kernel against a view prefetched with getMany and verifies its
// signatures before anything is written; disconnecting replays the block's checksummed undo record.
// Writers (connect, disconnect, rollback) run one at a time through an internal promise chain.
// Disconnected blocks are deleted from `blocks` (disconnectTip returns them), so `blocks`, `heights` and
// `txindex` always describe exactly the active chain from genesis to the tip. The address index
// (`addrutxos`, `addrtxs`) is written in the same batches; a store whose index does not match its tip (made
// before the index existed, or moved by a node that did not keep it) has the index rebuilt at open.

import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { type BatchOperation, Level } from "level";
import {
  decodeCertifiedBlock,
  decodeMasternodeRecord,
  decodeUndoRecord,
  decodeUtxoEntry,
  encodeCertifiedBlock,
  encodeMasternodeRecord,
  encodeUndoRecord,
  encodeUtxoEntry,
  transactionId,
} from "../codec/index.js";
import { verifyAll } from "../crypto/index.js";
import type { BlockEffects, BlockPrefetch } from "../kernel/index.js";
import {
  blockPrefetch,
  blockSignatureChecks,
  checkBlock,
  MapStateView,
  UtxoSetSummarizer,
  type UtxoSetSummary,
} from "../kernel/index.js";
import type { NetworkParams } from "../params/index.js";
import type {
  AddressPayload,
  CertifiedBlock,
  Hash32,
  MasternodeRecord,
  OutPoint,
  PublicKey,
  UndoRecord,
  Utxo,
  UtxoEntry,
} from "../types/index.js";
import { bytesEqual, toHex } from "../types/index.js";
import { type BlockAddressEntries, blockAddressEntries } from "./address-entries.js";
import { checkConnectTarget, checkRollbackTarget, rejectFailedSignatures } from "./backend-rules.js";
import { BlockCache, DEFAULT_BLOCK_CACHE_BYTES } from "./block-cache.js";
import type {
  AddressTransaction,
  BeforeCommit,
  ChainBackend,
  ChainTip,
  StoredTransaction,
  TransactionLocation,
} from "./chain-view.js";
import { DbError } from "./errors.js";
import {
  ADDRESS_TX_KEY_BYTES,
  ADDRESS_UTXO_KEY_BYTES,
  addressRange,
  addressTxKey,
  addressUtxoKey,
  corrupt,
  decodeAddressTx,
  decodeAddressUtxo,
  decodeHashValue,
  decodeNetworkStamp,
  decodeOutpointKey,
  decodeStored,
  decodeTip,
  decodeTxLocation,
  encodeAddressTxValue,
  encodeAddressUtxoValue,
  encodeNetworkStamp,
  encodeTip,
  encodeTxLocation,
  heightKey,
  META_KEY,
  openUndo,
  outpointKeyBytes,
  SCHEMA_VERSION,
  SUBLEVEL,
  type SublevelName,
  sealUndo,
} from "./layout.js";
import {
  CHAIN_DB_DIR,
  type ChainStoreModules,
  type ChainStoreOptions,
  type SignatureVerifier,
} from "./options.js";

type RootDb = Level<Uint8Array, Uint8Array>;

function binarySublevel(db: RootDb, name: SublevelName) {
  return db.sublevel<Uint8Array, Uint8Array>(name, { keyEncoding: "view", valueEncoding: "view" });
}

type Sublevel = ReturnType<typeof binarySublevel>;
type Sublevels = Record<keyof typeof SUBLEVEL, Sublevel>;

type WriteOp = BatchOperation<RootDb, Uint8Array, Uint8Array>;

/**
 * The code of an error LevelDB (or Node, for the files under it) raised: not ours, so not a NodeCoreError,
 * and matched only on Error instances, which is how both document their `code`.
 */
function levelErrorCode(err: unknown): string | undefined {
  if (!(err instanceof Error)) return undefined;
  const code = (err as Error & { code?: unknown }).code;
  return typeof code === "string" ? code : undefined;
}

export class ChainStore implements ChainBackend {
  private tip: ChainTip | null;
  private genesisHash: Hash32 | null;
  private writeQueue: Promise<void> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly db: RootDb,
    private readonly sub: Sublevels,
    readonly params: NetworkParams,
    private readonly verifier: SignatureVerifier,
    private readonly expectedGenesis: Hash32 | null,
    private readonly syncWrites: boolean,
    tip: ChainTip | null,
    genesisHash: Hash32 | null,
    private readonly blocks: BlockCache,
  ) {
    this.tip = tip;
    this.genesisHash = genesisHash;
  }

  /** Opens (creating if needed) the store in `<dataDir>/chain` and checks it belongs to `params`' network. */
  static async open(opts: ChainStoreOptions, modules: ChainStoreModules = {}): Promise<ChainStore> {
    const location = join(opts.dataDir, CHAIN_DB_DIR);
    await mkdir(location, { recursive: true });
    const db: RootDb = new Level<Uint8Array, Uint8Array>(location, {
      keyEncoding: "view",
      valueEncoding: "view",
      ...(opts.cacheSizeBytes === undefined ? {} : { cacheSize: opts.cacheSizeBytes }),
    });
    try {
      await db.open();
    } catch (err) {
      const causeCode = levelErrorCode(err instanceof Error ? err.cause : undefined) ?? levelErrorCode(err);
      if (causeCode === "LEVEL_LOCKED") {
        throw new DbError(
          "DB_LOCKED",
          `${location} is in use by another process`,
          { causeCode },
          { cause: err },
        );
      }
      throw new DbError(
        "DB_OPEN_FAILED",
        `cannot open ${location}`,
        causeCode === undefined ? {} : { causeCode },
        { cause: err },
      );
    }
    try {
      const sub: Sublevels = {
        blocks: binarySublevel(db, SUBLEVEL.blocks),
        heights: binarySublevel(db, SUBLEVEL.heights),
        utxos: binarySublevel(db, SUBLEVEL.utxos),
        masternodes: binarySublevel(db, SUBLEVEL.masternodes),
        operators: binarySublevel(db, SUBLEVEL.operators),
        undo: binarySublevel(db, SUBLEVEL.undo),
        txindex: binarySublevel(db, SUBLEVEL.txindex),
        addrutxos: binarySublevel(db, SUBLEVEL.addrutxos),
        addrtxs: binarySublevel(db, SUBLEVEL.addrtxs),
        meta: binarySublevel(db, SUBLEVEL.meta),
      };
      await ChainStore.checkNetworkStamp(db, sub, opts.params);
      const genesisValue = await sub.meta.get(META_KEY.genesis);
      const genesisHash =
        genesisValue === undefined ? null : decodeHashValue(SUBLEVEL.meta, META_KEY.genesis, genesisValue);
      if (genesisHash && opts.genesisHash && !bytesEqual(genesisHash, opts.genesisHash)) {
        throw new DbError("DB_WRONG_NETWORK", "the store holds a chain with another genesis block", {
          expected: toHex(opts.genesisHash),
          actual: toHex(genesisHash),
        });
      }
      const tip = await ChainStore.loadTip(sub, genesisHash);
      await ChainStore.ensureAddressIndex(db, sub, tip);
      return new ChainStore(
        db,
        sub,
        opts.params,
        modules.verifier ?? verifyAll,
        opts.genesisHash ?? null,
        opts.syncWrites ?? false,
        tip,
        genesisHash,
        new BlockCache(opts.blockCacheBytes ?? DEFAULT_BLOCK_CACHE_BYTES),
      );
    } catch (err) {
      await db.close();
      throw err;
    }
  }

  /** Stamps a fresh store with its network; refuses a store stamped for another network or schema. */
  private static async checkNetworkStamp(db: RootDb, sub: Sublevels, params: NetworkParams): Promise<void> {
    const value = await sub.meta.get(META_KEY.network);
    if (value === undefined) {
      const anyKey = await db.keys({ limit: 1 }).all();
      if (anyKey.length > 0) {
        throw corrupt(SUBLEVEL.meta, META_KEY.network, "the store holds data but no network stamp");
      }
      const stamp = encodeNetworkStamp({
        schemaVersion: SCHEMA_VERSION,
        chainId: params.chainId,
        name: params.name,
      });
      const op: WriteOp = { type: "put", sublevel: sub.meta, key: META_KEY.network, value: stamp };
      await db.batch<Uint8Array, Uint8Array>([op], { sync: true });
      return;
    }
    const stamp = decodeNetworkStamp(value);
    if (stamp.schemaVersion > SCHEMA_VERSION) {
      throw new DbError(
        "DB_SCHEMA_UNSUPPORTED",
        `store schema ${stamp.schemaVersion} is newer than this node's ${SCHEMA_VERSION}`,
        { expected: String(SCHEMA_VERSION), actual: String(stamp.schemaVersion) },
      );
    }
    if (stamp.chainId !== params.chainId || stamp.name !== params.name) {
      throw new DbError(
        "DB_WRONG_NETWORK",
        `the store belongs to ${stamp.name} (chain id ${stamp.chainId}), not ${params.name} (chain id ${params.chainId})`,
        { expected: `${params.name}/${params.chainId}`, actual: `${stamp.name}/${stamp.chainId}` },
      );
    }
  }

  /** Reads the tip pointer and checks it against the height index, so a damaged store fails at open. */
  private static async loadTip(sub: Sublevels, genesisHash: Hash32 | null): Promise<ChainTip | null> {
    const value = await sub.meta.get(META_KEY.tip);
    if (value === undefined) {
      if (genesisHash) throw corrupt(SUBLEVEL.meta, META_KEY.tip, "genesis is recorded but there is no tip");
      return null;
    }
    const tip = decodeTip(value);
    const key = heightKey(tip.height);
    const [indexed, hasBlock] = await Promise.all([sub.heights.get(key), sub.blocks.has(tip.hash)]);
    if (indexed === undefined || !bytesEqual(indexed, tip.hash) || !hasBlock || !genesisHash) {
      throw corrupt(
        SUBLEVEL.meta,
        META_KEY.tip,
        `tip ${toHex(tip.hash)} at ${tip.height} is not an indexed block`,
      );
    }
    return tip;
  }

  /**
   * Rebuilds the address index from the stored blocks and undo records when it does not match the tip.
   * The marker goes first and returns last, so a rebuild cut short is redone at the next open.
   */
  private static async ensureAddressIndex(db: RootDb, sub: Sublevels, tip: ChainTip | null): Promise<void> {
    const marker = await sub.meta.get(META_KEY.addressIndex);
    const wanted = tip === null ? null : encodeTip(tip);
    if (marker !== undefined && wanted !== null && bytesEqual(marker, wanted)) return;
    if (marker === undefined && tip === null) return;
    await sub.meta.del(META_KEY.addressIndex);
    await sub.addrutxos.clear();
    await sub.addrtxs.clear();
    if (tip === null) return;
    let ops: WriteOp[] = [];
    for (let height = 0n; height <= tip.height; height++) {
      const key = heightKey(height);
      const hash = await sub.heights.get(key);
      if (hash === undefined) throw corrupt(SUBLEVEL.heights, key, "a height of the active chain is missing");
      const [blockValue, undoValue] = await Promise.all([sub.blocks.get(hash), sub.undo.get(hash)]);
      if (blockValue === undefined) throw corrupt(SUBLEVEL.blocks, hash, "an active-chain block is missing");
      if (undoValue === undefined) throw corrupt(SUBLEVEL.undo, hash, "an active-chain block has no undo");
      const { block } = decodeStored(SUBLEVEL.blocks, hash, blockValue, decodeCertifiedBlock);
      const undo = decodeStored(SUBLEVEL.undo, hash, openUndo(hash, undoValue), decodeUndoRecord);
      const entries = blockAddressEntries(block, height, block.transactions.map(transactionId), undo.spent);
      pushAddressWrites(ops, sub, entries, "connect");
      if (ops.length >= ADDRESS_REBUILD_BATCH_OPS) {
        await db.batch<Uint8Array, Uint8Array>(ops, {});
        ops = [];
      }
    }
    ops.push({ type: "put", sublevel: sub.meta, key: META_KEY.addressIndex, value: encodeTip(tip) });
    await db.batch<Uint8Array, Uint8Array>(ops, { sync: true });
  }

  /** Waits for pending writes, then closes LevelDB. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.writeQueue;
    await this.db.close();
  }

  // --- reads -------------------------------------------------------------------------------------------

  getTip(): ChainTip | null {
    return this.tip;
  }

  getGenesisHash(): Hash32 | null {
    return this.genesisHash;
  }

  async hasBlock(hash: Hash32): Promise<boolean> {
    this.assertOpen();
    return this.sub.blocks.has(hash);
  }

  async getBlockByHash(hash: Hash32): Promise<CertifiedBlock | null> {
    this.assertOpen();
    const cached = this.blocks.get(hash);
    if (cached !== undefined) return cached;
    const value = await this.sub.blocks.get(hash);
    return value === undefined ? null : this.decodeBlock(hash, value);
  }

  /** Decodes a stored block and caches it (blocks are immutable under their hash). */
  private decodeBlock(hash: Hash32, value: Uint8Array): CertifiedBlock {
    const certified = decodeStored(SUBLEVEL.blocks, hash, value, decodeCertifiedBlock);
    this.blocks.set(hash, certified);
    return certified;
  }

  async getHashAtHeight(height: bigint): Promise<Hash32 | null> {
    this.assertOpen();
    if (height < 0n) return null;
    const key = heightKey(height);
    const value = await this.sub.heights.get(key);
    return value === undefined ? null : decodeHashValue(SUBLEVEL.heights, key, value);
  }

  async getBlockByHeight(height: bigint): Promise<CertifiedBlock | null> {
    this.assertOpen();
    if (height < 0n) return null;
    return this.withSnapshot(async (snapshot) => {
      const key = heightKey(height);
      const hashValue = await this.sub.heights.get(key, { snapshot });
      if (hashValue === undefined) return null;
      const hash = decodeHashValue(SUBLEVEL.heights, key, hashValue);
      const cached = this.blocks.get(hash);
      if (cached !== undefined) return cached;
      const value = await this.sub.blocks.get(hash, { snapshot });
      if (value === undefined)
        throw corrupt(SUBLEVEL.heights, key, `indexed block ${toHex(hash)} is missing`);
      return this.decodeBlock(hash, value);
    });
  }

  async getUtxo(outpoint: OutPoint): Promise<UtxoEntry | null> {
    this.assertOpen();
    const key = outpointKeyBytes(outpoint);
    const value = await this.sub.utxos.get(key);
    return value === undefined ? null : decodeStored(SUBLEVEL.utxos, key, value, decodeUtxoEntry);
  }

  /** One getMany for all outpoints; null where an outpoint is not unspent. */
  async getUtxos(outpoints: readonly OutPoint[]): Promise<(UtxoEntry | null)[]> {
    this.assertOpen();
    if (outpoints.length === 0) return [];
    const keys = outpoints.map(outpointKeyBytes);
    const values = await this.sub.utxos.getMany(keys);
    return values.map((value, i) =>
      value === undefined
        ? null
        : decodeStored(SUBLEVEL.utxos, keys[i] as Uint8Array, value, decodeUtxoEntry),
    );
  }

  async getMasternode(collateral: OutPoint): Promise<MasternodeRecord | null> {
    this.assertOpen();
    const key = outpointKeyBytes(collateral);
    const value = await this.sub.masternodes.get(key);
    return value === undefined
      ? null
      : decodeStored(SUBLEVEL.masternodes, key, value, decodeMasternodeRecord);
  }

  async getMasternodes(collaterals: readonly OutPoint[]): Promise<(MasternodeRecord | null)[]> {
    this.assertOpen();
    if (collaterals.length === 0) return [];
    const keys = collaterals.map(outpointKeyBytes);
    const values = await this.sub.masternodes.getMany(keys);
    return values.map((value, i) =>
      value === undefined
        ? null
        : decodeStored(SUBLEVEL.masternodes, keys[i] as Uint8Array, value, decodeMasternodeRecord),
    );
  }

  async getMasternodeByOperator(operatorPublicKey: PublicKey): Promise<MasternodeRecord | null> {
    this.assertOpen();
    return this.withSnapshot(async (snapshot) => {
      const value = await this.sub.operators.get(operatorPublicKey, { snapshot });
      if (value === undefined) return null;
      decodeOutpointKey(SUBLEVEL.operators, operatorPublicKey, value);
      const record = await this.sub.masternodes.get(value, { snapshot });
      if (record === undefined) {
        throw corrupt(SUBLEVEL.operators, operatorPublicKey, "operator points at a missing masternode");
      }
      return decodeStored(SUBLEVEL.masternodes, value, record, decodeMasternodeRecord);
    });
  }

  /** Every registered masternode, in collateral outpoint order. */
  async listMasternodes(): Promise<MasternodeRecord[]> {
    this.assertOpen();
    const records: MasternodeRecord[] = [];
    for await (const [key, value] of this.sub.masternodes.iterator()) {
      records.push(decodeStored(SUBLEVEL.masternodes, key, value, decodeMasternodeRecord));
    }
    return records;
  }

  async getTransactionLocation(txid: Hash32): Promise<TransactionLocation | null> {
    this.assertOpen();
    const value = await this.sub.txindex.get(txid);
    return value === undefined ? null : decodeTxLocation(txid, value);
  }

  async getTransaction(txid: Hash32): Promise<StoredTransaction | null> {
    this.assertOpen();
    return this.withSnapshot(async (snapshot) => {
      const value = await this.sub.txindex.get(txid, { snapshot });
      if (value === undefined) return null;
      const location = decodeTxLocation(txid, value);
      let certified = this.blocks.get(location.blockHash);
      if (certified === undefined) {
        const blockValue = await this.sub.blocks.get(location.blockHash, { snapshot });
        if (blockValue === undefined) throw corrupt(SUBLEVEL.txindex, txid, "indexed block is missing");
        certified = this.decodeBlock(location.blockHash, blockValue);
      }
      const transaction = certified.block.transactions[location.position];
      if (!transaction || !bytesEqual(transactionId(transaction), txid)) {
        throw corrupt(SUBLEVEL.txindex, txid, `position ${location.position} does not hold this transaction`);
      }
      return { ...location, transaction };
    });
  }

  /** The undo record stored for an active-chain block (checksum verified), or null. */
  async getUndoRecord(blockHash: Hash32): Promise<UndoRecord | null> {
    this.assertOpen();
    const value = await this.sub.undo.get(blockHash);
    if (value === undefined) return null;
    return decodeStored(SUBLEVEL.undo, blockHash, openUndo(blockHash, value), decodeUndoRecord);
  }

  /** The address index: the unspent outputs paying `address`, oldest first (height, then outpoint). */
  async getAddressUtxos(address: AddressPayload): Promise<Utxo[]> {
    this.assertOpen();
    const utxos: Utxo[] = [];
    for await (const [key, value] of this.sub.addrutxos.iterator(
      addressRange(address, ADDRESS_UTXO_KEY_BYTES),
    )) {
      const record = decodeAddressUtxo(key, value);
      utxos.push({
        outpoint: record.outpoint,
        entry: { amount: record.amount, address, height: record.height, isReward: record.isReward },
      });
    }
    return utxos;
  }

  /** The address index: the transactions paying `address` or spending from it, in chain order. */
  async getAddressTransactions(address: AddressPayload): Promise<AddressTransaction[]> {
    this.assertOpen();
    const txs: AddressTransaction[] = [];
    for await (const [key, value] of this.sub.addrtxs.iterator(addressRange(address, ADDRESS_TX_KEY_BYTES))) {
      txs.push(decodeAddressTx(key, value));
    }
    return txs;
  }

  /** Summary of the UTXO set, streamed from the (already canonically ordered) utxos sublevel. */
  async utxoSetSummary(): Promise<UtxoSetSummary> {
    return (await this.utxoSetSummaryAtTip()).summary;
  }

  /** The UTXO set summary together with the tip it belongs to, both read from one snapshot. */
  async utxoSetSummaryAtTip(): Promise<{ tip: ChainTip | null; summary: UtxoSetSummary }> {
    this.assertOpen();
    return this.withSnapshot(async (snapshot) => {
      const tipValue = await this.sub.meta.get(META_KEY.tip, { snapshot });
      const summarizer = await UtxoSetSummarizer.create();
      for await (const [key, value] of this.sub.utxos.iterator({ snapshot })) {
        const outpoint = decodeOutpointKey(SUBLEVEL.utxos, key, key);
        summarizer.add(outpoint, decodeStored(SUBLEVEL.utxos, key, value, decodeUtxoEntry));
      }
      return { tip: tipValue === undefined ? null : decodeTip(tipValue), summary: summarizer.finish() };
    });
  }

  /** Entry count of every sublevel (a full scan: diagnostics and tests, not a hot path). */
  async stats(): Promise<Record<keyof typeof SUBLEVEL, number>> {
    this.assertOpen();
    return this.withSnapshot(async (snapshot) => {
      const names = Object.keys(SUBLEVEL) as (keyof typeof SUBLEVEL)[];
      const counts = await Promise.all(
        names.map(async (name) => {
          let n = 0;
          for await (const _ of this.sub[name].keys({ snapshot })) n += 1;
          return n;
        }),
      );
      return Object.fromEntries(names.map((name, i) => [name, counts[i] as number])) as Record<
        keyof typeof SUBLEVEL,
        number
      >;
    });
  }

  /**
   * Compacts the whole key space. Deleted entries stay as tombstones until compaction, and ranges that
   * saw heavy churn (many connects and disconnects) iterate slowly over them until then.
   */
  compact(): Promise<void> {
    // `level` types only the API common to its Node and browser backends; on Node it is classic-level.
    const db = this.db as unknown as { compactRange?: (start: Uint8Array, end: Uint8Array) => Promise<void> };
    return this.exclusive(async () => {
      if (typeof db.compactRange === "function")
        await db.compactRange(new Uint8Array([0]), new Uint8Array(40).fill(0xff));
    });
  }

  // --- writes ------------------------------------------------------------------------------------------

  /**
   * Checks `certified.block` on top of the tip (genesis when the store is empty), verifies its
   * signatures, and writes all its effects in one batch. Invalid blocks throw the kernel's KernelError
   * (or DbError DB_BAD_SIGNATURE / DB_CERTIFICATE_MISMATCH) and leave the store unchanged.
   */
  connectBlock(certified: CertifiedBlock, beforeCommit?: BeforeCommit): Promise<BlockEffects> {
    return this.exclusive(() => this.connectNow(certified, beforeCommit));
  }

  /** Disconnects the tip block (never genesis) and returns it. */
  disconnectTip(): Promise<CertifiedBlock> {
    return this.exclusive(() => this.disconnectNow());
  }

  /**
   * Disconnects blocks until the tip is at `height`; returns them tip first. Refuses (before undoing
   * anything) to undo more than MAX_REORG_DEPTH blocks. Each block is its own atomic batch, so a crash
   * midway leaves a consistent store at an intermediate height.
   */
  rollbackTo(height: bigint): Promise<CertifiedBlock[]> {
    return this.exclusive(async () => {
      const tip = this.requireTip();
      checkRollbackTarget(tip.height, height);
      const undone: CertifiedBlock[] = [];
      while ((this.tip as ChainTip).height > height) undone.push(await this.disconnectNow());
      return undone;
    });
  }

  private async connectNow(certified: CertifiedBlock, beforeCommit?: BeforeCommit): Promise<BlockEffects> {
    const { block, certificate } = certified;
    const parent = this.tip;
    // Signatures depend only on the block, so the verifier (the worker pool in the node) runs them while
    // LevelDB reads the UTXOs and the kernel checks the rest; the write waits for both. The early checks
    // equal effects.signatureChecks (one kernel function derives both), so the results line up.
    const earlyChecks = blockSignatureChecks(
      block,
      block.transactions.map(transactionId),
      this.params.chainId,
    );
    const verified =
      earlyChecks.length === 0
        ? Promise.resolve([])
        : Promise.resolve().then(() => this.verifier(earlyChecks));
    verified.catch(() => undefined); // rejection is observed below; this only avoids an unhandled warning
    const view = await this.prefetchView(blockPrefetch(block));
    const effects = checkBlock(block, view, { params: this.params, parent });
    checkConnectTarget(effects, certificate, parent === null, this.expectedGenesis);
    rejectFailedSignatures(effects, await verified);
    if (beforeCommit) await beforeCommit(effects);

    const { sub } = this;
    const ops: WriteOp[] = [];
    pushUtxoWrites(ops, sub, effects.spent, effects.created);
    // Applied in order, like the reference model: a later change to the same key wins.
    for (const change of effects.masternodes)
      pushMasternodeWrite(ops, sub, change.collateral, change.before, change.after);
    const hash = effects.blockHash;
    const addressEntries = blockAddressEntries(block, effects.height, effects.txids, effects.undo.spent);
    pushAddressWrites(ops, sub, addressEntries, "connect");
    ops.push({ type: "put", sublevel: sub.undo, key: hash, value: sealUndo(encodeUndoRecord(effects.undo)) });
    const encodedBlock = encodeCertifiedBlock(certified);
    ops.push({ type: "put", sublevel: sub.blocks, key: hash, value: encodedBlock });
    ops.push({ type: "put", sublevel: sub.heights, key: heightKey(effects.height), value: hash });
    effects.txids.forEach((txid, position) => {
      const value = encodeTxLocation({ blockHash: hash, height: effects.height, position });
      ops.push({ type: "put", sublevel: sub.txindex, key: txid, value });
    });
    const newTip: ChainTip = { hash, height: effects.height };
    ops.push({ type: "put", sublevel: sub.meta, key: META_KEY.tip, value: encodeTip(newTip) });
    ops.push({ type: "put", sublevel: sub.meta, key: META_KEY.addressIndex, value: encodeTip(newTip) });
    if (parent === null) ops.push({ type: "put", sublevel: sub.meta, key: META_KEY.genesis, value: hash });

    await this.write(ops);
    this.tip = newTip;
    if (parent === null) this.genesisHash = hash;
    this.blocks.set(hash, certified);
    return effects;
  }

  private async disconnectNow(): Promise<CertifiedBlock> {
    const tip = this.requireTip();
    if (tip.height === 0n) throw new DbError("DB_REFUSE_GENESIS", "genesis cannot be disconnected");
    const { sub } = this;
    const parentKey = heightKey(tip.height - 1n);
    const [undoValue, blockValue, parentValue] = await Promise.all([
      sub.undo.get(tip.hash),
      sub.blocks.get(tip.hash),
      sub.heights.get(parentKey),
    ]);
    if (undoValue === undefined) throw corrupt(SUBLEVEL.undo, tip.hash, "the tip has no undo record");
    if (blockValue === undefined) throw corrupt(SUBLEVEL.blocks, tip.hash, "the tip block is missing");
    if (parentValue === undefined)
      throw corrupt(SUBLEVEL.heights, parentKey, "the tip's parent is not indexed");
    const parentHash = decodeHashValue(SUBLEVEL.heights, parentKey, parentValue);
    const undo = decodeStored(SUBLEVEL.undo, tip.hash, openUndo(tip.hash, undoValue), decodeUndoRecord);
    const certified = decodeStored(SUBLEVEL.blocks, tip.hash, blockValue, decodeCertifiedBlock);
    const header = certified.block.header;
    if (!bytesEqual(undo.blockHash, tip.hash) || undo.height !== tip.height) {
      throw corrupt(SUBLEVEL.undo, tip.hash, "the undo record belongs to another block");
    }
    if (header.height !== tip.height || !bytesEqual(header.previousHash, parentHash)) {
      throw corrupt(SUBLEVEL.blocks, tip.hash, "the tip block does not link to the indexed parent");
    }

    const ops: WriteOp[] = [];
    pushUtxoWrites(ops, sub, undo.created, undo.spent);
    // The forward changes replayed backwards, each set back to `before`.
    for (let i = undo.masternodes.length - 1; i >= 0; i--) {
      const change = undo.masternodes[i] as UndoRecord["masternodes"][number];
      pushMasternodeWrite(ops, sub, change.collateral, change.after, change.before);
    }
    const txids = certified.block.transactions.map(transactionId);
    for (const txid of txids) ops.push({ type: "del", sublevel: sub.txindex, key: txid });
    pushAddressWrites(
      ops,
      sub,
      blockAddressEntries(certified.block, tip.height, txids, undo.spent),
      "disconnect",
    );
    ops.push({ type: "del", sublevel: sub.undo, key: tip.hash });
    ops.push({ type: "del", sublevel: sub.blocks, key: tip.hash });
    ops.push({ type: "del", sublevel: sub.heights, key: heightKey(tip.height) });
    const newTip: ChainTip = { hash: parentHash, height: tip.height - 1n };
    ops.push({ type: "put", sublevel: sub.meta, key: META_KEY.tip, value: encodeTip(newTip) });
    ops.push({ type: "put", sublevel: sub.meta, key: META_KEY.addressIndex, value: encodeTip(newTip) });

    await this.write(ops);
    this.tip = newTip;
    this.blocks.delete(tip.hash);
    return certified;
  }

  /** Loads everything the kernel will ask about this block into a MapStateView, with one getMany per sublevel. */
  private async prefetchView(prefetch: BlockPrefetch): Promise<MapStateView> {
    const { sub } = this;
    const view = new MapStateView();
    const utxoKeys = prefetch.utxos.map(outpointKeyBytes);
    const masternodeKeys = prefetch.masternodes.map(outpointKeyBytes);
    const [utxoValues, masternodeValues, operatorValues] = await Promise.all([
      utxoKeys.length > 0 ? sub.utxos.getMany(utxoKeys) : [],
      masternodeKeys.length > 0 ? sub.masternodes.getMany(masternodeKeys) : [],
      prefetch.operators.length > 0 ? sub.operators.getMany([...prefetch.operators]) : [],
    ]);
    utxoValues.forEach((value, i) => {
      if (value === undefined) return;
      const key = utxoKeys[i] as Uint8Array;
      view.setUtxo(prefetch.utxos[i] as OutPoint, decodeStored(SUBLEVEL.utxos, key, value, decodeUtxoEntry));
    });
    masternodeValues.forEach((value, i) => {
      if (value === undefined) return;
      view.setMasternode(
        decodeStored(SUBLEVEL.masternodes, masternodeKeys[i] as Uint8Array, value, decodeMasternodeRecord),
      );
    });
    // An operator key in use resolves to its masternode, loaded too so the view stays self-consistent.
    const missingKeys: Uint8Array[] = [];
    const missingOperators: Uint8Array[] = [];
    operatorValues.forEach((value, i) => {
      if (value === undefined) return;
      const operator = prefetch.operators[i] as Uint8Array;
      const collateral = decodeOutpointKey(SUBLEVEL.operators, operator, value);
      if (view.getMasternode(collateral)) return;
      missingKeys.push(value);
      missingOperators.push(operator);
    });
    if (missingKeys.length > 0) {
      const records = await sub.masternodes.getMany(missingKeys);
      records.forEach((value, i) => {
        const operator = missingOperators[i] as Uint8Array;
        if (value === undefined)
          throw corrupt(SUBLEVEL.operators, operator, "operator points at a missing masternode");
        view.setMasternode(
          decodeStored(SUBLEVEL.masternodes, missingKeys[i] as Uint8Array, value, decodeMasternodeRecord),
        );
      });
    }
    return view;
  }

  private async write(ops: WriteOp[]): Promise<void> {
    // An empty options object unless it says something: abstract-level spreads the batch's options into every
    // operation, and a non-empty one ({ sync: false }) sends each of a block's ~270 operations down V8's
    // slow generic spread, about 3x the main-thread cost of the write (measured 2.0-2.9 ms against 0.7 ms
    // per block).
    if (this.syncWrites) await this.db.batch<Uint8Array, Uint8Array>(ops, { sync: true });
    else await this.db.batch<Uint8Array, Uint8Array>(ops, {});
  }

  private requireTip(): ChainTip {
    if (!this.tip) throw new DbError("DB_EMPTY", "the store has no blocks");
    return this.tip;
  }

  private assertOpen(): void {
    if (this.closed) throw new DbError("DB_CLOSED", "the chain store is closed");
  }

  /** Runs writers one at a time, in call order; a failed writer does not stop the ones after it. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new DbError("DB_CLOSED", "the chain store is closed"));
    const result = this.writeQueue.then(fn);
    this.writeQueue = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  private async withSnapshot<T>(fn: (snapshot: ReturnType<RootDb["snapshot"]>) => Promise<T>): Promise<T> {
    const snapshot = this.db.snapshot();
    try {
      return await fn(snapshot);
    } finally {
      await snapshot.close();
    }
  }
}

/**
 * The writes that move one masternode record from `from` to `to` (either may be null): the operator index
 * entry of `from` goes, the record and operator index entry of `to` are written, or the record is deleted.
 * Connect passes (before, after); disconnect passes (after, before).
 */
function pushMasternodeWrite(
  ops: WriteOp[],
  sub: Sublevels,
  collateral: OutPoint,
  from: MasternodeRecord | null,
  to: MasternodeRecord | null,
): void {
  const key = outpointKeyBytes(collateral);
  if (from) ops.push({ type: "del", sublevel: sub.operators, key: from.operatorPublicKey });
  if (to) {
    ops.push({ type: "put", sublevel: sub.masternodes, key, value: encodeMasternodeRecord(to) });
    ops.push({ type: "put", sublevel: sub.operators, key: to.operatorPublicKey, value: key });
  } else {
    ops.push({ type: "del", sublevel: sub.masternodes, key });
  }
}

/** Address index writes per rebuild batch (a block's entries are never split across batches). */
const ADDRESS_REBUILD_BATCH_OPS = 10_000;

/**
 * The address index writes of one block: connect puts its created coins and transaction entries and
 * deletes the coins it spent; disconnect does the exact reverse, with the same keys.
 */
function pushAddressWrites(
  ops: WriteOp[],
  sub: Sublevels,
  entries: BlockAddressEntries,
  direction: "connect" | "disconnect",
): void {
  const [added, removed] =
    direction === "connect" ? [entries.created, entries.spent] : [entries.spent, entries.created];
  for (const { outpoint, entry } of removed)
    ops.push({
      type: "del",
      sublevel: sub.addrutxos,
      key: addressUtxoKey(entry.address, entry.height, outpoint),
    });
  for (const { outpoint, entry } of added) {
    ops.push({
      type: "put",
      sublevel: sub.addrutxos,
      key: addressUtxoKey(entry.address, entry.height, outpoint),
      value: encodeAddressUtxoValue(entry.amount, entry.isReward),
    });
  }
  for (const tx of entries.txs) {
    const key = addressTxKey(tx.address, tx.height, tx.position);
    if (direction === "connect")
      ops.push({
        type: "put",
        sublevel: sub.addrtxs,
        key,
        value: encodeAddressTxValue(tx.txid, tx.received),
      });
    else ops.push({ type: "del", sublevel: sub.addrtxs, key });
  }
}

/** UTXO set writes: delete `removed`, put `added`. Connect passes (spent, created); disconnect the reverse. */
function pushUtxoWrites(
  ops: WriteOp[],
  sub: Sublevels,
  removed: readonly OutPoint[],
  added: readonly { readonly outpoint: OutPoint; readonly entry: UtxoEntry }[],
): void {
  for (const outpoint of removed)
    ops.push({ type: "del", sublevel: sub.utxos, key: outpointKeyBytes(outpoint) });
  for (const { outpoint, entry } of added) {
    ops.push({
      type: "put",
      sublevel: sub.utxos,
      key: outpointKeyBytes(outpoint),
      value: encodeUtxoEntry(entry),
    });
  }
}
