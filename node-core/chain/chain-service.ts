// ChainService: the one door through which certified blocks enter the chain, and the admin rollback.
// importBlock checks, against the PARENT state only (chain data, never this node's local view), in order:
// the block's certificate (> 2/3 of the parent's voting weight), the certificate it carries for its parent,
// the proposer's VRF proof, the carried heartbeats, the kernel rules (for the exact fees) and the reward
// transaction, and that no transaction conflicts with one this node finalized; only then does the backend
// connect it and the mempool drop what it included. rollbackTo disconnects through undo records and hands
// the undone transactions back to the mempool. Imports and rollbacks run one at a time; close() lets the
// queued ones finish and refuses any later call. Events ("chain:block", "chain:rollback") are emitted last,
// once the backend and the mempool hold the new state, through the shared EventHub.
// Before the certificate comes the header timestamp (block-time.ts): a slot start after the parent's and
// at most MAX_BLOCK_FUTURE_MS ahead of the injected clock, the one local input of an import.
import { blockHash, transactionId } from "../codec/index.js";
import { type VotingSet, votingSetFromRecords } from "../consensus/index.js";
import type { ChainTip } from "../db/index.js";
import type { BlockEffects } from "../kernel/index.js";
import { outpointKey, transactionConflictKeys } from "../kernel/index.js";
import { checkRewardTransaction, loadRewardWindow, type RewardWindowBlock } from "../masternodes/index.js";
import type { ReturnResult } from "../mempool/index.js";
import { MAX_BLOCK_FUTURE_MS, MAX_REORG_DEPTH } from "../params/index.js";
import type { Block, BlockHeader, CertifiedBlock, MasternodeRecord, Transaction } from "../types/index.js";
import { bytesEqual, toHex } from "../types/index.js";
import { EventHub, hasErrorCode, type Unsubscribe } from "../util/index.js";
import { blockTimeFault } from "./block-time.js";
import { ChainError, type FaultReason } from "./errors.js";
import type { ChainEvents } from "./events.js";
import { type ChainServiceModules, type ChainServiceOptions, REWARD_FAILURE_CODES } from "./options.js";

export interface RollbackResult {
  /** The disconnected blocks, tip first. */
  readonly blocks: readonly CertifiedBlock[];
  /** What the mempool took back. */
  readonly returned: ReturnResult;
}

function reasonOf(fault: FaultReason | string): FaultReason {
  return typeof fault === "string"
    ? { code: "FAULT", message: fault }
    : { code: fault.code, message: fault.message };
}

export class ChainService {
  private queue: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly modules: ChainServiceModules;
  private readonly events: EventHub<ChainEvents>;
  /** The last imported block's hash and timestamp, so the next import need not read its parent back. */
  private lastImported: { readonly hash: Uint8Array; readonly timestamp: bigint } | null = null;

  constructor(
    readonly opts: ChainServiceOptions,
    modules: ChainServiceModules,
  ) {
    this.modules = modules;
    this.events = new EventHub<ChainEvents>(this.modules.logger.child({ module: "chain" }));
  }

  get tip(): ChainTip | null {
    return this.modules.backend.getTip();
  }

  /** Subscribes to a chain event; listeners run after the state change, and one that throws is logged. */
  on<K extends keyof ChainEvents>(name: K, listener: (payload: ChainEvents[K]) => void): Unsubscribe {
    return this.events.on(name, listener);
  }

  onBlock(listener: (certified: CertifiedBlock, effects: BlockEffects) => void): Unsubscribe {
    return this.events.on("chain:block", ({ certified, effects }) => listener(certified, effects));
  }

  onRollback(listener: (blocks: readonly CertifiedBlock[]) => void): Unsubscribe {
    return this.events.on("chain:rollback", ({ blocks }) => listener(blocks));
  }

  /**
   * Lets every queued init, import and rollback finish, then refuses further calls with CHAIN_CLOSED. The
   * backend and mempool are not closed: the composition root owns them. Idempotent.
   */
  async close(): Promise<void> {
    this.closed = true;
    await this.queue;
  }

  /** Connects genesis into an empty backend, or checks that the backend's chain starts with it. */
  init(): Promise<ChainTip> {
    return this.exclusive(async () => {
      const { backend } = this.modules;
      const expected = blockHash(this.opts.genesis.header);
      if (backend.getTip() === null) {
        await backend.connectBlock({ block: this.opts.genesis, certificate: null });
      }
      const stored = backend.getGenesisHash();
      if (!stored || !bytesEqual(stored, expected)) {
        throw new ChainError("CHAIN_WRONG_GENESIS", "the backend holds a chain with another genesis", {
          expected: toHex(expected),
          actual: stored ? toHex(stored) : "none",
        });
      }
      return backend.getTip() as ChainTip;
    });
  }

  /**
   * Checks a certified block on top of the tip and connects it. Refusals leave the chain and the mempool
   * unchanged: ChainError for consensus reasons, KernelError for block rules, DbError from storage.
   */
  importBlock(certified: CertifiedBlock): Promise<BlockEffects> {
    return this.exclusive(() => this.importNow(certified));
  }

  /**
   * Admin only: disconnects blocks down to `height` (at most MAX_REORG_DEPTH of them) and returns their
   * non-reward transactions to the mempool.
   */
  rollbackTo(height: bigint): Promise<RollbackResult> {
    return this.exclusive(async () => {
      const tip = this.requireTip();
      if (height < 0n || height > tip.height) {
        throw new ChainError(
          "CHAIN_BAD_HEIGHT",
          `cannot roll back to ${height}: the tip is at ${tip.height}`,
          {
            height: height.toString(),
          },
        );
      }
      const depth = tip.height - height;
      if (depth > BigInt(MAX_REORG_DEPTH)) {
        throw new ChainError(
          "CHAIN_REORG_TOO_DEEP",
          `rolling back ${depth} blocks exceeds ${MAX_REORG_DEPTH}`,
          {
            expected: `<= ${MAX_REORG_DEPTH}`,
            actual: depth.toString(),
          },
        );
      }
      const blocks = await this.modules.backend.rollbackTo(height);
      // Oldest block first, so parents come back before the transactions spending them.
      const txs = [...blocks].reverse().flatMap((c) => c.block.transactions.slice(1));
      const returned = await this.modules.mempool.returnTransactions(txs);
      this.events.emit("chain:rollback", { blocks });
      return { blocks, returned };
    });
  }

  private async importNow(certified: CertifiedBlock): Promise<BlockEffects> {
    const { backend, mempool } = this.modules;
    const { params } = this.opts;
    const tip = this.requireTip();
    const { block, certificate } = certified;
    const header = block.header;
    const hash = blockHash(header);
    const hashHex = toHex(hash);
    const at = { height: header.height.toString(), blockHash: hashHex };

    if (header.height <= tip.height) {
      const existing = await backend.getBlockByHeight(header.height);
      if (existing && bytesEqual(blockHash(existing.block.header), hash)) {
        throw new ChainError("CHAIN_KNOWN_BLOCK", "the block is already in the chain", at);
      }
    }
    if (header.height !== tip.height + 1n || !bytesEqual(header.previousHash, tip.hash)) {
      throw new ChainError("CHAIN_NOT_CHILD_OF_TIP", "the block does not extend the tip", {
        ...at,
        expected: `${toHex(tip.hash)}@${tip.height + 1n}`,
        actual: `${toHex(header.previousHash)}@${header.height}`,
      });
    }
    if (!certificate) throw new ChainError("CHAIN_MISSING_CERTIFICATE", "the block has no certificate", at);
    await this.checkTimestamp(header, tip, at);

    // Everything below is decided by the parent state alone.
    const records = await backend.listMasternodes();
    const votingSet = votingSetFromRecords(records);
    const certFault = this.modules.verifyCertificate(
      certificate,
      hash,
      votingSet,
      this.modules.signatures,
      params.chainId,
      header.height,
    );
    if (certFault) {
      throw new ChainError("CHAIN_BAD_CERTIFICATE", "the block's certificate is not valid", {
        ...at,
        reason: reasonOf(certFault),
      });
    }
    await this.checkPreviousCertificate(block, tip, records, at);
    const proposerFault = this.modules.verifyProposerProof(
      header,
      votingSet,
      this.modules.vrf,
      params.chainId,
    );
    if (proposerFault) {
      throw new ChainError("CHAIN_BAD_PROPOSER", "the proposer's draw is not valid", {
        ...at,
        reason: reasonOf(proposerFault),
      });
    }
    const registeredOperators = new Map(records.map((r) => [toHex(r.operatorPublicKey), r]));
    const heartbeatFault = this.modules.checkBlockHeartbeats(block, {
      params,
      parentHeight: tip.height,
      registeredOperators,
      signatures: this.modules.signatures,
    });
    if (heartbeatFault) {
      throw new ChainError("CHAIN_BAD_HEARTBEATS", "a carried heartbeat is not valid", {
        ...at,
        reason: reasonOf(heartbeatFault),
      });
    }
    this.checkFinalizedConflicts(block, at);
    // The kernel runs once, inside the writer: the reward needs its exact fees, so it is judged there,
    // after the block rules and signatures and before anything is written.
    const window = await loadRewardWindow(backend, header.height);
    const effects = await backend.connectBlock(certified, (checked) =>
      this.checkReward(block, records, window, checked.fees, at),
    );
    this.lastImported = { hash, timestamp: header.timestamp };
    mempool.removeForBlock(block);
    this.events.emit("chain:block", { certified, effects });
    return effects;
  }

  /**
   * The certificate a block carries for its parent decides part of its reward, so it must be a valid
   * certificate of the parent from the voting set that certified the parent: the grandparent state, which
   * is the parent state with the parent's masternode changes undone. Genesis has no certificate, so a
   * block at height 1 carries none.
   */
  private async checkPreviousCertificate(
    block: Block,
    tip: ChainTip,
    parentRecords: readonly MasternodeRecord[],
    at: { height: string; blockHash: string },
  ): Promise<void> {
    const carried = block.previousCertificate;
    if (tip.height === 0n) {
      if (carried !== null) {
        throw new ChainError("CHAIN_BAD_PREVIOUS_CERTIFICATE", "genesis has no certificate to carry", at);
      }
      return;
    }
    if (carried === null) {
      throw new ChainError(
        "CHAIN_BAD_PREVIOUS_CERTIFICATE",
        "the block does not carry its parent's certificate",
        at,
      );
    }
    const fault = this.modules.verifyCertificate(
      carried,
      tip.hash,
      await this.votingSetBeforeTip(tip, parentRecords),
      this.modules.signatures,
      this.opts.params.chainId,
      tip.height,
    );
    if (fault) {
      throw new ChainError("CHAIN_BAD_PREVIOUS_CERTIFICATE", "the parent's certificate is not valid", {
        ...at,
        reason: reasonOf(fault),
      });
    }
  }

  /** The voting set that certified the tip block: the tip state's masternodes with the tip's changes undone. */
  private async votingSetBeforeTip(
    tip: ChainTip,
    tipRecords: readonly MasternodeRecord[],
  ): Promise<VotingSet> {
    const undo = await this.modules.backend.getUndoRecord(tip.hash);
    if (!undo) {
      throw new ChainError(
        "CHAIN_BAD_PREVIOUS_CERTIFICATE",
        "the tip has no undo record to derive its voters",
        {
          height: tip.height.toString(),
          blockHash: toHex(tip.hash),
        },
      );
    }
    const byCollateral = new Map(tipRecords.map((r) => [outpointKey(r.collateral), r]));
    for (let i = undo.masternodes.length - 1; i >= 0; i--) {
      const change = undo.masternodes[i] as (typeof undo.masternodes)[number];
      const key = outpointKey(change.collateral);
      if (change.before) byCollateral.set(key, change.before);
      else byCollateral.delete(key);
    }
    return votingSetFromRecords(byCollateral.values());
  }

  /**
   * Eligibility reaches back over the reward window (the block's recent ancestors, read from this chain),
   * so a proposer cannot take a masternode's share by leaving its precommit out of one certificate.
   */
  private checkReward(
    block: Block,
    records: readonly MasternodeRecord[],
    window: readonly RewardWindowBlock[],
    fees: bigint,
    at: { height: string; blockHash: string },
  ): void {
    let outputs: Transaction["outputs"];
    try {
      outputs = this.modules.computeReward({
        height: block.header.height,
        parentRecords: records,
        previousCertificate: block.previousCertificate,
        heartbeats: block.heartbeats,
        window,
        proposerPublicKey: block.header.proposerPublicKey,
        fees,
        treasuryAddress: this.opts.treasuryAddress,
      }).outputs;
    } catch (err) {
      // Only the refusals computeReward documents mean "no valid reward exists"; anything else (a store
      // failure, a bug) is not a verdict on the block and must reach the caller as it is.
      if (!hasErrorCode(err, REWARD_FAILURE_CODES)) throw err;
      throw new ChainError("CHAIN_BAD_REWARD", "no valid reward exists for this block", {
        ...at,
        reason: { code: err.code, message: err.message },
      });
    }
    // The same comparison a validator runs before preparing a proposal (masternodes/block-reward).
    const mismatch = checkRewardTransaction(block, { outputs });
    if (mismatch) {
      const { field, outputIndex } = mismatch.payload;
      const where = outputIndex === undefined ? `${field ?? "reward"}: ` : `output ${outputIndex}: `;
      throw new ChainError("CHAIN_BAD_REWARD", "the reward transaction differs from the computed one", {
        ...at,
        reason: { code: mismatch.code, message: mismatch.message },
        expected: `${where}${mismatch.payload.expected ?? ""}`,
        actual: `${where}${mismatch.payload.actual ?? ""}`,
      });
    }
  }

  /** Refuses a block holding a transaction that conflicts with one this node finalized. */
  private checkFinalizedConflicts(block: Block, at: { height: string; blockHash: string }): void {
    const finalized = this.modules.mempool.finalizedSpends();
    if (finalized.size === 0) return;
    for (const tx of block.transactions.slice(1)) {
      let txid: string | null = null;
      for (const key of transactionConflictKeys(tx)) {
        const holder = finalized.get(key);
        if (holder === undefined) continue;
        txid ??= toHex(transactionId(tx));
        if (holder !== txid) {
          throw new ChainError(
            "CHAIN_CONFLICTS_FINALIZED",
            "the block holds a transaction conflicting with one this node finalized",
            { ...at, key, txid, finalizedTxid: holder },
          );
        }
      }
    }
  }

  /** The header's timestamp against its parent's, the slot grid and the local clock (block-time.ts). */
  private async checkTimestamp(
    header: BlockHeader,
    tip: ChainTip,
    at: { height: string; blockHash: string },
  ): Promise<void> {
    let parentTimestamp: bigint;
    if (this.lastImported !== null && bytesEqual(this.lastImported.hash, tip.hash)) {
      parentTimestamp = this.lastImported.timestamp;
    } else {
      const parent = await this.modules.backend.getBlockByHash(tip.hash);
      if (!parent) {
        throw new ChainError("CHAIN_NOT_INITIALIZED", "the tip block is missing from the backend", {
          height: tip.height.toString(),
          blockHash: toHex(tip.hash),
        });
      }
      parentTimestamp = parent.block.header.timestamp;
    }
    const fault = blockTimeFault(header.timestamp, parentTimestamp, this.modules.clock.now(), {
      genesisTimestamp: this.opts.genesis.header.timestamp,
      blockIntervalMs: this.opts.params.blockIntervalMs,
      maxFutureMs: MAX_BLOCK_FUTURE_MS,
    });
    if (fault) {
      throw new ChainError(fault.code, fault.message, {
        ...at,
        expected: fault.expected,
        actual: fault.actual,
      });
    }
  }

  private requireTip(): ChainTip {
    const tip = this.modules.backend.getTip();
    if (!tip) throw new ChainError("CHAIN_NOT_INITIALIZED", "the chain has no genesis yet; call init()");
    return tip;
  }

  /** Runs imports, rollbacks and init one at a time, in call order; a failure does not block the next. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    if (this.closed) {
      return Promise.reject(new ChainError("CHAIN_CLOSED", "the chain service is closed"));
    }
    const result = this.queue.then(fn);
    this.queue = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
