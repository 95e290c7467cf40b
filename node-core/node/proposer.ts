// The proposer side of a validator: it keeps the mempool's block selection fresh for the current tip
// (recomputed at every round start and after every import, at most one computation in flight and one
// queued) and builds the block TSDC asks for from it, with the heartbeats the chain rule lets it carry.

import { blockHash } from "../codec/index.js";
import type { BuildBlockParams } from "../consensus/tsdc/index.js";
import type { ChainView } from "../db/index.js";
import type { HeartbeatTracker } from "../masternodes/index.js";
import { loadRewardWindow, selectHeartbeatsForBlock } from "../masternodes/index.js";
import type { Mempool } from "../mempool/index.js";
import type { NetworkParams } from "../params/index.js";
import type { AddressPayload, Block } from "../types/index.js";
import { toHex } from "../types/index.js";
import { assembleProposal, EMPTY_SELECTION, type ProposalInputs, type Selection } from "./block-proposal.js";
import type { ChainFollower } from "./chain-follower.js";
import type { TaskRunner } from "./tasks.js";

export interface BlockProposerOptions {
  readonly params: NetworkParams;
  readonly treasuryAddress: AddressPayload;
}

export interface BlockProposerModules {
  readonly mempool: Mempool;
  readonly follower: ChainFollower;
  /** The chain store, for the ancestors the reward's eligibility window reads. */
  readonly chain: Pick<ChainView, "getBlockByHeight">;
  readonly heartbeats: HeartbeatTracker;
  readonly tasks: TaskRunner;
  readonly fault: (what: string, error: unknown) => void;
}

export class BlockProposer {
  private selection: Selection = EMPTY_SELECTION;
  private selectionTip = -1n;
  private seq = 0;
  private applied = 0;
  private running = false;
  private dirty = false;
  private closed = false;
  private built: { hex: string; inputs: ProposalInputs } | null = null;

  private readonly params: NetworkParams;
  private readonly treasuryAddress: AddressPayload;
  private readonly mempool: Mempool;
  private readonly follower: ChainFollower;
  private readonly chain: Pick<ChainView, "getBlockByHeight">;
  private readonly heartbeats: HeartbeatTracker;
  private readonly tasks: TaskRunner;
  private readonly fault: (what: string, error: unknown) => void;

  constructor(opts: BlockProposerOptions, modules: BlockProposerModules) {
    this.params = opts.params;
    this.treasuryAddress = opts.treasuryAddress;
    this.mempool = modules.mempool;
    this.follower = modules.follower;
    this.chain = modules.chain;
    this.heartbeats = modules.heartbeats;
    this.tasks = modules.tasks;
    this.fault = modules.fault;
  }

  close(): void {
    this.closed = true;
  }

  /** Recomputes the selection (coalesced: at most one in flight, one more queued). */
  refresh(): void {
    if (this.closed) return;
    if (this.running) {
      this.dirty = true;
      return;
    }
    this.running = true;
    const seq = ++this.seq;
    const tipHeight = this.follower.tipHeight;
    this.tasks.track(
      this.mempool.selectForBlock({}),
      (selection) => {
        this.running = false;
        if (this.closed) return;
        this.apply(seq, tipHeight, selection);
        if (this.dirty) {
          this.dirty = false;
          this.refresh();
        }
      },
      (error) => {
        this.running = false;
        this.fault("selectForBlock", error);
      },
    );
  }

  /** After a new tip: a fresh selection for it, then `then` (TSDC moves to the next height). */
  afterImport(then: () => void): void {
    const seq = ++this.seq;
    const tipHeight = this.follower.tipHeight;
    this.tasks.track(
      this.mempool.selectForBlock({}),
      (selection) => {
        if (this.closed) return;
        this.apply(seq, tipHeight, selection);
        then();
      },
      (error) => this.fault("selectForBlock", error),
    );
  }

  /** TSDC's buildBlock: a complete block on the tip with exactly these header fields. */
  async build(header: BuildBlockParams): Promise<Block> {
    const registry = this.follower.registry;
    const tipHeight = this.follower.tipHeight;
    const previousCertificate = this.follower.tip.certificate;
    // The captured tip's ancestors stay put while this read is pending: imports only extend the chain.
    const window = await loadRewardWindow(this.chain, header.height);
    const heartbeats = selectHeartbeatsForBlock(this.heartbeats.recentHeartbeats(), {
      params: this.params,
      parentHeight: tipHeight,
      registeredOperators: registry.operators,
      previousCertificate,
    });
    const inputs: ProposalInputs = {
      params: this.params,
      registry,
      previousCertificate,
      selection: this.selectionTip === tipHeight ? this.selection : EMPTY_SELECTION,
      heartbeats,
      window,
      treasuryAddress: this.treasuryAddress,
      header,
    };
    const block = assembleProposal(inputs);
    this.built = { hex: toHex(blockHash(block.header)), inputs };
    return block;
  }

  /** The inputs of the last block this node built, when `block` is that block (for the simulator's twin). */
  lastBuiltInputs(block: Block): ProposalInputs | null {
    return this.built !== null && this.built.hex === toHex(blockHash(block.header))
      ? this.built.inputs
      : null;
  }

  private apply(seq: number, tipHeight: bigint, selection: Selection): void {
    if (seq < this.applied || tipHeight !== this.follower.tipHeight) return;
    this.applied = seq;
    this.selection = selection;
    this.selectionTip = tipHeight;
  }
}
