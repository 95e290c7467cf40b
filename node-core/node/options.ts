// What a node is configured with (options: the network, the engines' parameters, its identity) and what
// the host hands it (modules: the chain store, time, randomness, cryptography, the transport, the task
// runner and the logger). The daemon and the desktop host pass a LevelDB ChainStore, the wall clock and
// libp2p; the simulator passes its in-memory backend, virtual time and its simulated network.
import type { Clock, Rng, Scheduler, SignatureScheme, VotingSet, VrfScheme } from "../consensus/index.js";
import type { SnowballOptions, ValidatorWeight } from "../consensus/snowball/index.js";
import type { TsdcOptionsInput } from "../consensus/tsdc/index.js";
import type { SignatureCheck, VrfCheck } from "../crypto/index.js";
import type { ChainBackend, SignatureVerifier } from "../db/index.js";
import type { HeartbeatTracker } from "../masternodes/index.js";
import type { NetworkParams } from "../params/index.js";
import type { AddressPayload, Block, Hash32, Transaction } from "../types/index.js";
import type { Logger } from "../util/index.js";
import type { SyncScoreStore } from "./sync-peers.js";
import type { TaskRunner } from "./tasks.js";
import type { NodeTransport } from "./transport.js";

/** A masternode's operator key: it signs votes, proposals and heartbeats. Never logged. */
export interface OperatorIdentity {
  readonly publicKey: Uint8Array;
  /** The 32-byte ed25519 seed. */
  readonly secret: Uint8Array;
}

export interface NodeOptions {
  readonly params: NetworkParams;
  readonly genesis: {
    readonly block: Block;
    readonly hash: Hash32;
    /** Where the treasury share of every reward goes. */
    readonly treasuryAddress: AddressPayload;
  };
  /** Present on a masternode; a node without it follows the chain and votes on nothing. */
  readonly operator: OperatorIdentity | null;
  readonly tsdc: TsdcOptionsInput;
  readonly snowball?: Partial<SnowballOptions>;
  /** Peers each new transaction is pushed to (default 4). */
  readonly gossipFanout?: number;
  /** How often the node tells a random peer its tip height, so either side can catch up (default 2,000 ms). */
  readonly statusIntervalMs?: number;
}

export interface NodeModules {
  /** The chain store; it outlives the node (close() does not close it: its owner does). */
  readonly backend: ChainBackend;
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  /** The node's seeded randomness (sampling, gossip targets, status timing). */
  readonly rng: Rng & { fork(): Rng };
  readonly signatures: SignatureScheme;
  readonly vrf: VrfScheme;
  /** Batch signature verification (the worker pool in the daemon). */
  readonly verifier: SignatureVerifier;
  /**
   * Starts verifying signatures that an import will soon ask `verifier` for (the blocks of a sync answer),
   * so the work runs on other cores while earlier blocks import; only useful with a verifier that caches
   * and shares work in flight (the daemon's). The import of a synced block waits for the promise. Errors
   * are the import's to report, not this call's: it must resolve, never reject.
   */
  readonly prefetchSignatures?: (checks: readonly SignatureCheck[]) => Promise<void> | void;
  /**
   * Starts verifying the proposer proofs of blocks an import will soon check (a sync answer's headers), on
   * other cores; only useful with a `vrf` that keeps the outputs (the daemon's). Errors are the import's.
   */
  readonly prefetchProposerProofs?: (checks: readonly VrfCheck[]) => Promise<void> | void;
  readonly transport: NodeTransport;
  readonly tasks: TaskRunner;
  readonly logger: Logger;
  /** Where the block sync's peer scores persist (the daemon's data directory); none keeps them in memory. */
  readonly syncScores?: SyncScoreStore;
  /** txid of a transaction (the simulator caches it per object). */
  readonly txid?: (tx: Transaction) => Hash32;
  /** Hex of a txid (default toHex). */
  readonly hexOf?: (txid: Uint8Array) => string;
  /**
   * Replaces the validators Snowball polls (default: the chain's voting set at the tip). Only the simulator
   * sets it, to reproduce why a liveness-filtered roster is unsafe (sim/README.md).
   */
  readonly snowballValidators?: (view: SnowballRosterView) => readonly ValidatorWeight[];
}

/** What a replacement Snowball roster may look at. */
export interface SnowballRosterView {
  readonly tipHeight: bigint;
  readonly votingSet: VotingSet;
  readonly heartbeats: HeartbeatTracker;
}

export const DEFAULT_GOSSIP_FANOUT = 4;
export const DEFAULT_STATUS_INTERVAL_MS = 2_000;
