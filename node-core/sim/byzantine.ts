// Byzantine behaviours of simulated masternodes. A Byzantine node holds a real operator key registered in
// genesis (so its messages authenticate) and, except "silent", runs the same engines as an honest node:
// its Snowball keeps learning the network's preferences and its TSDC engine keeps time and rounds. What it
// changes is only what it says:
// - silent: sends its heartbeats (so it looks alive and keeps being sampled) and nothing else: no answers,
//   no votes, no candidacies, no proposals, no gossip.
// - minority: answers a Snowball query YES only for a transaction that is the currently LESS preferred
//   member of its conflict set (never for the preferred one, never for an uncontested one), pulling every
//   asker toward the minority; in TSDC it prepares and precommits for another proposal of the round if it
//   saw one (the worse one for the network) and nil otherwise.
// - equivocate: gives different answers to different askers for the same txid (askers in the lower half
//   of node indices hear YES for one member of a conflict set, the upper half for the other; uncontested
//   transactions: YES to one half, NO to the other); in TSDC it sends each vote to one half of the peers and
//   a conflicting vote (another block, or nil) to the other half, and when it is the proposer it proposes
//   two different valid blocks to the two halves.
// - adaptive: with a global view of the honest nodes' current Snowball preferences (what a well-connected
//   attacker learns by querying everyone), answers YES only for the strongest rival of whatever the honest
//   majority prefers in each conflict set, so the weaker side keeps being propped up; NO otherwise. TSDC as
//   minority.
// - double-spender: originates the workload's double spends and overlapping conflicts itself and gossips
//   each member to a different part of the network (partOf), then answers each asker YES for the member
//   its part was given; TSDC honest.
// - late: answers every Snowball query with its node's honest answer, but holds the reply until it arrives
//   just before the asker's query timeout (node.ts schedules it), so every poll that sampled it waits.
//   TSDC honest.
// Client double-spends are part of the workload, not of a node (scenario.ts).
import { blockHash, voteSigningMessage } from "../codec/index.js";
import type { SignatureScheme } from "../consensus/index.js";
import { NIL_HASH, type TsdcMessage } from "../consensus/tsdc/index.js";
import type { Block, Hash32, Vote } from "../types/index.js";
import { bytesEqual, toHex } from "../types/index.js";
import type { AdversaryKind } from "./options.js";

/** What a Byzantine behaviour may see and do through its node. */
export interface AdversaryNodeView {
  readonly index: number;
  readonly nodes: number;
  readonly chainId: number;
  readonly operatorSecret: Uint8Array;
  readonly operatorPublicKey: Uint8Array;
  readonly signatures: SignatureScheme;
  /** The node's honest Snowball answer (bit i: it knows txids[i] and prefers it in every set). */
  honestBits(txids: readonly Uint8Array[]): Uint8Array;
  /** Whether the node's Snowball knows the transaction. */
  knows(txid: Uint8Array): boolean;
  /** Pool transactions (hex ids) sharing a conflict key with this one. */
  conflictsOf(txidHex: string): readonly string[];
  /** Global view: how many honest up nodes' Snowball currently prefers the transaction (hex id). */
  honestSupport(txidHex: string): number;
  send(to: number, message: TsdcMessage): void;
  broadcast(message: TsdcMessage): void;
  /** A second valid block for the same height/round as `block` (which this node just built), or null. */
  alternateBlock(block: Block): Block | null;
  /** Signs a fresh proposal (validRound -1) of `block` with the operator key. */
  signProposal(block: Block): Uint8Array;
}

export interface Adversary {
  readonly kind: AdversaryKind;
  /** Silent nodes run no engines and drop what they receive. */
  readonly silent: boolean;
  /** Bits to reply to `asker`'s Snowball query. */
  answer(view: AdversaryNodeView, asker: number, txids: readonly Uint8Array[]): Uint8Array;
  /** An incoming TSDC message (what proposals exist for a round). */
  observe(message: TsdcMessage): void;
  /** Replaces the node's TSDC broadcast. */
  outgoing(view: AdversaryNodeView, message: TsdcMessage): void;
  /** Late: replies are held until just before the asker's query deadline (node.ts). */
  readonly late: boolean;
}

export function createAdversary(kind: AdversaryKind): Adversary {
  switch (kind) {
    case "silent":
      return new SilentAdversary();
    case "minority":
      return new MinorityAdversary();
    case "equivocate":
      return new EquivocatingAdversary();
    case "adaptive":
      return new AdaptiveAdversary();
    case "double-spender":
      return new DoubleSpenderAdversary();
    case "late":
      return new LateAdversary();
  }
}

/**
 * Which of `parts` equal slices of the node indices `peer` falls in: the double-spender gives slice j the
 * j-th member (by txid) of a conflict, and answers slice j's queries for that member.
 */
export function partOf(peer: number, parts: number, nodes: number): number {
  return Math.min(parts - 1, Math.floor((peer * parts) / nodes));
}

function lowerHalf(view: AdversaryNodeView, peer: number): boolean {
  return peer < view.nodes / 2;
}

function setBit(bits: Uint8Array, i: number): void {
  bits[i >> 3] = (bits[i >> 3] as number) | (1 << (i & 7));
}

function readBit(bits: Uint8Array, i: number): boolean {
  return (((bits[i >> 3] as number) >> (i & 7)) & 1) === 1;
}

function resign(view: AdversaryNodeView, vote: Vote, hash: Hash32): Vote {
  const unsigned = {
    phase: vote.phase,
    height: vote.height,
    round: vote.round,
    blockHash: hash,
    voterPublicKey: vote.voterPublicKey,
  };
  return {
    ...unsigned,
    signature: view.signatures.sign(view.operatorSecret, voteSigningMessage(view.chainId, unsigned)),
  };
}

/** Fresh proposals seen per (height, round), by block hash hex; only recent heights are kept. */
class ProposalLog {
  private readonly byRound = new Map<string, string[]>();
  private readonly hashes = new Map<string, Hash32>();
  private highest = 0n;

  add(block: Block, hash?: Hash32): void {
    const h = block.header;
    const key = `${h.height}:${h.round}`;
    const bytes = hash ?? blockHash(h);
    const hex = toHex(bytes);
    const list = this.byRound.get(key) ?? [];
    if (!list.includes(hex) && list.length < 8) list.push(hex);
    this.byRound.set(key, list);
    this.hashes.set(hex, bytes);
    if (h.height > this.highest) {
      this.highest = h.height;
      for (const k of [...this.byRound.keys()]) {
        if (BigInt(k.slice(0, k.indexOf(":"))) + 2n < this.highest) {
          for (const x of this.byRound.get(k) ?? []) this.hashes.delete(x);
          this.byRound.delete(k);
        }
      }
    }
  }

  /** A proposal of (height, round) other than `hex`, if one was seen. */
  other(height: bigint, round: number, hex: string): Hash32 | null {
    for (const candidate of this.byRound.get(`${height}:${round}`) ?? []) {
      if (candidate !== hex) return this.hashes.get(candidate) ?? null;
    }
    return null;
  }
}

class SilentAdversary implements Adversary {
  readonly kind = "silent";
  readonly silent = true;
  readonly late = false;

  answer(_view: AdversaryNodeView, _asker: number, txids: readonly Uint8Array[]): Uint8Array {
    return new Uint8Array((txids.length + 7) >> 3);
  }

  observe(): void {}

  outgoing(): void {}
}

/** Prepares and precommits for another proposal of the round if one was seen, nil otherwise. */
class MinorityTsdc {
  private readonly proposals = new ProposalLog();

  observe(message: TsdcMessage): void {
    if (message.kind === "proposal") this.proposals.add(message.proposal.block);
  }

  outgoing(view: AdversaryNodeView, message: TsdcMessage): void {
    if (message.kind === "proposal") this.proposals.add(message.proposal.block);
    if (message.kind !== "vote") {
      view.broadcast(message);
      return;
    }
    const vote = message.vote;
    const worse = this.proposals.other(vote.height, vote.round, toHex(vote.blockHash)) ?? NIL_HASH;
    view.broadcast(
      bytesEqual(worse, vote.blockHash) ? message : { kind: "vote", vote: resign(view, vote, worse) },
    );
  }
}

class AdaptiveAdversary implements Adversary {
  readonly kind = "adaptive";
  readonly silent = false;
  readonly late = false;
  private readonly tsdc = new MinorityTsdc();

  answer(view: AdversaryNodeView, _asker: number, txids: readonly Uint8Array[]): Uint8Array {
    const out = new Uint8Array((txids.length + 7) >> 3);
    for (let i = 0; i < txids.length; i++) {
      const txid = txids[i] as Uint8Array;
      if (!view.knows(txid)) continue;
      const hex = toHex(txid);
      const conflicts = view.conflictsOf(hex);
      if (conflicts.length === 0) continue;
      // Rank the set by honest support (ties by txid, so every Byzantine node ranks alike): the leader is
      // what the honest majority prefers; the runner-up is the one to prop up.
      const ranked = [hex, ...conflicts]
        .map((member) => ({ member, support: view.honestSupport(member) }))
        .sort((a, b) => b.support - a.support || (a.member < b.member ? -1 : 1));
      if (ranked[1]?.member === hex) setBit(out, i);
    }
    return out;
  }

  observe(message: TsdcMessage): void {
    this.tsdc.observe(message);
  }

  outgoing(view: AdversaryNodeView, message: TsdcMessage): void {
    this.tsdc.outgoing(view, message);
  }
}

class DoubleSpenderAdversary implements Adversary {
  readonly kind = "double-spender";
  readonly silent = false;
  readonly late = false;

  answer(view: AdversaryNodeView, asker: number, txids: readonly Uint8Array[]): Uint8Array {
    const honest = view.honestBits(txids);
    const out = new Uint8Array(honest.length);
    for (let i = 0; i < txids.length; i++) {
      const txid = txids[i] as Uint8Array;
      if (!view.knows(txid)) continue;
      const hex = toHex(txid);
      const conflicts = view.conflictsOf(hex);
      if (conflicts.length === 0) {
        if (readBit(honest, i)) setBit(out, i);
        continue;
      }
      const members = [hex, ...conflicts].sort();
      if (members.indexOf(hex) === partOf(asker, members.length, view.nodes)) setBit(out, i);
    }
    return out;
  }

  observe(): void {}

  outgoing(view: AdversaryNodeView, message: TsdcMessage): void {
    view.broadcast(message);
  }
}

class LateAdversary implements Adversary {
  readonly kind = "late";
  readonly silent = false;
  readonly late = true;

  answer(view: AdversaryNodeView, _asker: number, txids: readonly Uint8Array[]): Uint8Array {
    return view.honestBits(txids);
  }

  observe(): void {}

  outgoing(view: AdversaryNodeView, message: TsdcMessage): void {
    view.broadcast(message);
  }
}

class MinorityAdversary implements Adversary {
  readonly kind = "minority";
  readonly silent = false;
  readonly late = false;
  private readonly tsdc = new MinorityTsdc();

  answer(view: AdversaryNodeView, _asker: number, txids: readonly Uint8Array[]): Uint8Array {
    const honest = view.honestBits(txids);
    const out = new Uint8Array(honest.length);
    for (let i = 0; i < txids.length; i++) {
      const txid = txids[i] as Uint8Array;
      if (!view.knows(txid) || readBit(honest, i)) continue;
      // Known, contested, and not what this node (i.e. the network, as far as it can tell) prefers.
      if (view.conflictsOf(toHex(txid)).length > 0) setBit(out, i);
    }
    return out;
  }

  observe(message: TsdcMessage): void {
    this.tsdc.observe(message);
  }

  outgoing(view: AdversaryNodeView, message: TsdcMessage): void {
    this.tsdc.outgoing(view, message);
  }
}

class EquivocatingAdversary implements Adversary {
  readonly kind = "equivocate";
  readonly silent = false;
  readonly late = false;
  private readonly proposals = new ProposalLog();
  /** Own block hash hex -> the alternative block hash sent to the other half. */
  private readonly twins = new Map<string, Hash32>();

  answer(view: AdversaryNodeView, asker: number, txids: readonly Uint8Array[]): Uint8Array {
    const side = lowerHalf(view, asker) ? 0 : 1;
    const out = new Uint8Array((txids.length + 7) >> 3);
    for (let i = 0; i < txids.length; i++) {
      const txid = txids[i] as Uint8Array;
      if (!view.knows(txid)) continue;
      const hex = toHex(txid);
      const conflicts = view.conflictsOf(hex);
      let yes: boolean;
      if (conflicts.length === 0) yes = side === 0;
      else {
        const members = [hex, ...conflicts].sort();
        yes = members.indexOf(hex) % 2 === side;
      }
      if (yes) setBit(out, i);
    }
    return out;
  }

  observe(message: TsdcMessage): void {
    if (message.kind === "proposal") this.proposals.add(message.proposal.block);
  }

  private toHalves(view: AdversaryNodeView, a: TsdcMessage, b: TsdcMessage): void {
    for (let peer = 0; peer < view.nodes; peer++) {
      if (peer === view.index) continue;
      view.send(peer, lowerHalf(view, peer) ? a : b);
    }
  }

  outgoing(view: AdversaryNodeView, message: TsdcMessage): void {
    if (message.kind === "candidacy") {
      view.broadcast(message);
      return;
    }
    if (message.kind === "proposal") {
      const block = message.proposal.block;
      const hash = blockHash(block.header);
      this.proposals.add(block, hash);
      const fresh = bytesEqual(block.header.proposerPublicKey, view.operatorPublicKey);
      const twin = fresh ? view.alternateBlock(block) : null;
      if (twin === null) {
        view.broadcast(message);
        return;
      }
      const twinHash = blockHash(twin.header);
      this.proposals.add(twin, twinHash);
      this.twins.set(toHex(hash), twinHash);
      if (this.twins.size > 64) this.twins.delete(this.twins.keys().next().value as string);
      this.toHalves(view, message, {
        kind: "proposal",
        proposal: { block: twin, validRound: -1, signature: view.signProposal(twin) },
      });
      return;
    }
    const vote = message.vote;
    const hex = toHex(vote.blockHash);
    const conflicting =
      this.twins.get(hex) ??
      this.proposals.other(vote.height, vote.round, hex) ??
      (bytesEqual(vote.blockHash, NIL_HASH) ? null : NIL_HASH);
    if (conflicting === null) {
      view.broadcast(message);
      return;
    }
    this.toHalves(view, message, { kind: "vote", vote: resign(view, vote, conflicting) });
  }
}
