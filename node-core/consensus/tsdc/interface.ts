// The TSDC engine's contract with its host (the node, or the simulator): the messages it sends and
// accepts, the modules it is built from, the events it emits and the evidence and state it exposes.
import type { Candidacy } from "../../codec/index.js";
import type {
  Block,
  BlockHeader,
  Certificate,
  Proposal,
  Signature,
  Vote,
  VotePhase,
} from "../../types/index.js";
import type { Logger } from "../../util/index.js";
import type { Clock, Scheduler, SignatureScheme, Verdict, VotingSet, VrfScheme } from "../index.js";

export type TsdcMessage =
  | { readonly kind: "candidacy"; readonly candidacy: Candidacy }
  | { readonly kind: "proposal"; readonly proposal: Proposal }
  | { readonly kind: "vote"; readonly vote: Vote };

export interface TsdcOutbox {
  /** Sends to every peer. The engine counts its own messages itself; echoing them back is harmless. */
  broadcast(message: TsdcMessage): void;
}

export interface TsdcSelf {
  /** Lowercase hex of the operator public key. */
  readonly id: string;
  /** The operator key's 32-byte seed (signs votes and proposals, proves VRF draws). Never logged. */
  readonly secret: Uint8Array;
}

/** The last committed (or synced) block the next height builds on. */
export interface TsdcTip {
  readonly height: bigint;
  readonly hash: Uint8Array;
  /**
   * The tip block's header timestamp. Strongly recommended: with it the next height starts at the slot
   * after the tip's and proposals must be later than the tip. Without it (and when the engine did not
   * commit the tip itself) the engine waits for the next slot boundary and skips the "later than parent"
   * check.
   */
  readonly timestamp?: bigint;
}

export interface BuildBlockParams {
  readonly height: bigint;
  readonly round: number;
  readonly previousHash: Uint8Array;
  readonly proposerPublicKey: Uint8Array;
  readonly vrfProof: Uint8Array;
  /** Slot start (ms since the epoch) to put in the header. */
  readonly timestamp: bigint;
}

export interface TsdcModules {
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly signatures: SignatureScheme;
  readonly vrf: VrfScheme;
  readonly outbox: TsdcOutbox;
  /** null: a non-validator observer (follows and certifies nothing, never sends). */
  readonly self: TsdcSelf | null;
  /**
   * Validators of a height (from its parent's state). Called for the height being decided and, to check
   * the previous-block certificate a proposal carries, for the height before it.
   */
  readonly votingSet: (height: bigint) => VotingSet;
  readonly tip: () => TsdcTip;
  /**
   * A complete block with exactly these header fields (merkle root, extras hash, reward, transactions).
   * Asynchronous so a host can read its UTXO set from disk; the engine sends the proposal when the promise
   * resolves, if it is still running at that height and round. A rejection (or a throw) is reported as
   * moduleError and the round goes on without this node's proposal.
   */
  readonly buildBlock: (params: BuildBlockParams) => Promise<Block>;
  /**
   * Resolves to null when the block is acceptable to this node (kernel rules against the tip's state, no
   * transaction conflicting with one it finalized, reward and heartbeat rules), else to the reason. The
   * engine itself checks height, parent, proposer VRF, timestamp and the previous certificate first, calls
   * this at most once per block copy (exact bytes: a relay can alter bytes the hash does not cover) and
   * height (never twice concurrently) and caches the answer on that copy; until it resolves the block is
   * not prepared, locked on or committed; a hash is valid when any copy of it is. A rejection (or a throw)
   * makes the copy invalid with a "validateBlock failed" reason and is reported as moduleError. An answer
   * arriving after the height moved on is dropped.
   */
  readonly validateBlock: (block: Block) => Promise<string | null>;
  /** A block reached > 2/3 precommits. The host applies it, then calls engine.newHeight(). */
  readonly onCommit: (block: Block, certificate: Certificate) => void;
  /**
   * Where the engine logs what it cannot report as moduleError: a moduleError listener that throws, and
   * any listener's rejected promise. Without one those go nowhere.
   */
  readonly logger?: Logger;
}

/** Two different signed messages by one key for the same slot of the protocol: proof of misbehaviour. */
export type Equivocation =
  | {
      readonly kind: "vote";
      readonly height: bigint;
      readonly round: number;
      readonly phase: VotePhase;
      readonly voterId: string;
      readonly first: Vote;
      readonly second: Vote;
    }
  | {
      readonly kind: "proposal";
      readonly height: bigint;
      readonly round: number;
      readonly proposerId: string;
      /** Both headers name the proposer and the round; each signature covers (blockHash(header), validRound). */
      readonly first: {
        readonly header: BlockHeader;
        readonly validRound: number;
        readonly signature: Signature;
      };
      readonly second: {
        readonly header: BlockHeader;
        readonly validRound: number;
        readonly signature: Signature;
      };
    };

export type TsdcStep = "waiting" | "propose" | "prepare" | "precommit" | "committed";

/** Why an incoming message had no effect (counted in stats()). */
export type IgnoreReason =
  | "stopped"
  | "malformed"
  | "wrong-chain"
  | "wrong-parent"
  | "old-height"
  | "too-far-ahead"
  | "buffer-full"
  | "decided"
  | "old-round"
  | "unknown-validator"
  | "bad-signature"
  | "bad-vrf"
  | "duplicate"
  | "equivocation"
  | "proposal-limit"
  /** A candidacy whose claimed draw cannot beat the best verified one of its round: dropped unverified. */
  | "outranked";

/** Why a message was ignored or rejected: an IgnoreReason, or "buffered" (kept for a later height). */
export type TsdcVerdictReason = IgnoreReason | "buffered";

/**
 * onMessage's answer for the p2p layer: accept (new and valid: relay), ignore (duplicate, old, stale or
 * buffered: do not relay) or reject (bad signature or VRF, unknown validator, malformed, another chain,
 * equivocation: do not relay, penalise the sender). The class of each reason is VERDICT_CLASSES.
 */
export type TsdcVerdict = Verdict<TsdcVerdictReason>;

export interface TsdcStats {
  readonly received: number;
  readonly buffered: number;
  readonly ignored: Readonly<Record<IgnoreReason, number>>;
  readonly evidenceDropped: number;
  /** VRF proofs verified (each costs far more than a signature check; candidacies that cannot win skip it). */
  readonly vrfVerifies: number;
}

export interface RoundSnapshot {
  readonly round: number;
  readonly candidates: number;
  /** Id of the best-ranked candidate known. */
  readonly best: string | null;
  /** Weight per block hash (hex; the zero hash is nil). */
  readonly prepares: Readonly<Record<string, number>>;
  readonly precommits: Readonly<Record<string, number>>;
}

export interface TsdcSnapshot {
  readonly running: boolean;
  readonly height: bigint;
  readonly round: number;
  readonly step: TsdcStep;
  readonly lockedRound: number;
  readonly lockedBlockHash: string | null;
  readonly validRound: number;
  readonly validBlockHash: string | null;
  readonly rounds: readonly RoundSnapshot[];
}

export interface TsdcEvents {
  heightStarted: { readonly height: bigint; readonly slot: number };
  roundStarted: { readonly height: bigint; readonly round: number };
  proposed: {
    readonly height: bigint;
    readonly round: number;
    readonly blockHash: Uint8Array;
    /** True when an earlier round's block (validValue) was proposed again. */
    readonly reproposal: boolean;
  };
  committed: {
    readonly height: bigint;
    readonly round: number;
    readonly block: Block;
    readonly certificate: Certificate;
  };
  /** A proposal this node refused to prepare (or a certified block it cannot commit), with the reason. */
  rejectedBlock: {
    readonly height: bigint;
    readonly round: number;
    readonly blockHash: string;
    readonly reason: string;
  };
  equivocation: Equivocation;
  /**
   * A peer keeps sending messages for a height this node decided (still a rebroadcast period after moving
   * on, or older heights): the host may send it the certified blocks it lacks. At most once per peer and
   * height per rebroadcast period.
   */
  peerBehind: { readonly peerId: string; readonly height: bigint };
  /**
   * Something outside the engine failed and the engine carried on: buildBlock (no proposal this round),
   * validateBlock (the block counts as invalid) or an event listener (`event` names it; the other
   * listeners still ran). A moduleError listener that throws is not reported again.
   */
  moduleError: {
    readonly module: "buildBlock" | "validateBlock" | "listener";
    readonly error: unknown;
    /** The event whose listener threw (module "listener" only). */
    readonly event?: keyof TsdcEvents;
  };
}
