// This node's LOCAL view of which masternodes are alive, from the heartbeats it has received. It feeds
// Snowball sampling (only live validators are worth polling), the UI, and the proposer's choice of
// heartbeats to carry in a block. It is never an input to rewards or any other consensus rule: two nodes
// see different heartbeats, and only data inside blocks may decide who is paid.
import type { Clock, SignatureScheme, VotingSet } from "../consensus/index.js";
import type { Heartbeat } from "../types/index.js";
import { toHex } from "../types/index.js";
import { MasternodeError } from "./errors.js";
import { verifyHeartbeatSignature } from "./heartbeat.js";
import { type HeartbeatTrackerOptions, heartbeatTrackerOptions } from "./options.js";

export interface HeartbeatTrackerModules {
  readonly clock: Clock;
  readonly signatures: SignatureScheme;
  readonly chainId: number;
  /** Whether an operator id (operator key hex) is a registered masternode at this node's tip. */
  readonly isRegistered: (operatorId: string) => boolean;
}

/** A validator Snowball may sample: id and voting weight. */
export interface SampleCandidate {
  readonly id: string;
  readonly weight: number;
}

interface OperatorEntry {
  /** Local clock reading when the last heartbeat was accepted (not the sender's claimed timestamp). */
  lastSeenMs: number;
  lastSequence: bigint;
  /** Accepted heartbeats, oldest first, at most historyPerOperator. */
  readonly recent: Heartbeat[];
}

export class HeartbeatTracker {
  readonly opts: HeartbeatTrackerOptions;
  private readonly entries = new Map<string, OperatorEntry>();

  constructor(
    opts: Partial<HeartbeatTrackerOptions>,
    private readonly modules: HeartbeatTrackerModules,
  ) {
    this.opts = heartbeatTrackerOptions(opts);
  }

  /**
   * Checks a heartbeat and, if valid, records it. Cheap checks run first and the signature last, so a
   * flood of echoes or replays costs no signature verification. Returns the rejection instead of throwing.
   */
  record(heartbeat: Heartbeat): "accepted" | MasternodeError {
    const id = toHex(heartbeat.operatorPublicKey);
    if (!this.modules.isRegistered(id)) {
      return new MasternodeError("HEARTBEAT_UNKNOWN_OPERATOR", "not a registered masternode", {
        operator: id,
      });
    }
    const nowMs = this.modules.clock.now();
    const now = BigInt(Math.floor(nowMs));
    if (heartbeat.timestamp > now + BigInt(this.opts.maxFutureMs)) {
      return new MasternodeError("HEARTBEAT_FROM_FUTURE", "timestamp is too far ahead of our clock", {
        operator: id,
        expected: `<= ${now + BigInt(this.opts.maxFutureMs)}`,
        actual: heartbeat.timestamp.toString(),
      });
    }
    if (heartbeat.timestamp + BigInt(this.opts.inactiveAfterMs) <= now) {
      return new MasternodeError("HEARTBEAT_EXPIRED", "signed too long ago to show the sender is alive", {
        operator: id,
        expected: `> ${now - BigInt(this.opts.inactiveAfterMs)}`,
        actual: heartbeat.timestamp.toString(),
      });
    }
    const entry = this.entries.get(id);
    if (entry) {
      if (heartbeat.sequence === entry.lastSequence) {
        return new MasternodeError("HEARTBEAT_DUPLICATE", "already have this heartbeat", { operator: id });
      }
      if (heartbeat.sequence < entry.lastSequence) {
        return new MasternodeError("HEARTBEAT_STALE_SEQUENCE", "sequence is not increasing", {
          operator: id,
          expected: `> ${entry.lastSequence}`,
          actual: heartbeat.sequence.toString(),
        });
      }
      if (nowMs - entry.lastSeenMs < this.opts.minGapMs) {
        return new MasternodeError("HEARTBEAT_TOO_FREQUENT", "heartbeats arrive faster than allowed", {
          operator: id,
          expected: `>= ${this.opts.minGapMs} ms apart`,
          actual: `${nowMs - entry.lastSeenMs} ms`,
        });
      }
    }
    if (!verifyHeartbeatSignature(this.modules.signatures, this.modules.chainId, heartbeat)) {
      return new MasternodeError("HEARTBEAT_BAD_SIGNATURE", "signature does not verify", { operator: id });
    }
    if (entry) {
      entry.lastSeenMs = nowMs;
      entry.lastSequence = heartbeat.sequence;
      entry.recent.push(heartbeat);
      if (entry.recent.length > this.opts.historyPerOperator) entry.recent.shift();
    } else {
      this.entries.set(id, { lastSeenMs: nowMs, lastSequence: heartbeat.sequence, recent: [heartbeat] });
    }
    return "accepted";
  }

  /** Local time (clock ms) the operator's last heartbeat was accepted, or undefined if never. */
  lastSeen(id: string): number | undefined {
    return this.entries.get(id)?.lastSeenMs;
  }

  /** Seen less than inactiveAfterMs ago by this node's clock. */
  isActive(id: string): boolean {
    const entry = this.entries.get(id);
    return entry !== undefined && this.modules.clock.now() - entry.lastSeenMs < this.opts.inactiveAfterMs;
  }

  /** The validators of `votingSet` that are active here, in the set's order (sorted by key). */
  activeValidators(votingSet: VotingSet): SampleCandidate[] {
    const out: SampleCandidate[] = [];
    for (const v of votingSet.validators) if (this.isActive(v.id)) out.push({ id: v.id, weight: v.weight });
    return out;
  }

  /** Every held heartbeat (up to historyPerOperator per operator): the input of selectHeartbeatsForBlock. */
  recentHeartbeats(): Heartbeat[] {
    const out: Heartbeat[] = [];
    for (const entry of this.entries.values()) out.push(...entry.recent);
    return out;
  }

  /** Drops what is known about an operator (e.g. it deregistered). */
  forget(id: string): void {
    this.entries.delete(id);
  }

  /** Drops every operator that is no longer registered; returns how many were dropped. */
  prune(): number {
    let dropped = 0;
    for (const id of [...this.entries.keys()]) {
      if (!this.modules.isRegistered(id)) {
        this.entries.delete(id);
        dropped += 1;
      }
    }
    return dropped;
  }

  /** Operators with any recorded heartbeat. */
  get size(): number {
    return this.entries.size;
  }
}
