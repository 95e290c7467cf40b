// TEST-ONLY support for the TSDC suites (never imported by product code, no test-runner imports): keyed-hash
// crypto for many-seed runs, validator sets of chosen weights, and a small deterministic in-memory network
// of TSDC engines on virtual time that commits blocks, gossips certified blocks, serves peers that fall
// behind, and records every certified block any node accepted, so tests can check safety and liveness.
// The host hooks (buildBlock, validateBlock) answer through HostAnswers: at once or after a seeded virtual
// delay, and every run loop settles answered promises after each task, so runs stay reproducible.
//
// KeyedHashSchemes: a stand-in for ed25519 and ECVRF that is ~1000x faster. Public key = BLAKE3(tag ‖ seed);
// a signature is BLAKE3(seed ‖ message) (twice, for 64 bytes); a VRF proof is pk ‖ BLAKE3(seed ‖ alpha) ‖
// 16 zero bytes and its output a hash of the proof. Verification looks the seed up in a registry filled by
// publicKey(), so only the holder of a seed can make a signature or proof that verifies: unforgeable within
// a test (an adversary in these tests holds only its own seeds), but meaningless outside one process.
import {
  blockExtrasHash,
  blockHash,
  merkleRoot,
  proposalSigningMessage,
  transactionId,
  voteSigningMessage,
} from "../../codec/index.js";
import { blake3Parts, sha256 } from "../../crypto/hash.js";
import { assembleBlock } from "../../kernel/index.js";
import { BLOCK_REWARD, TX_VERSION } from "../../params/consensus.js";
import { MASTERNODE_TIERS } from "../../params/network.js";
import { MessageNet } from "../../testing/index.js";
import { bytesEqual, concatBytes, toHex, utf8 } from "../../types/bytes.js";
import type { Block, Certificate, CertifiedBlock, Transaction } from "../../types/chain.js";
import type { MasternodeRecord } from "../../types/state.js";
import { type Rng, SeededRng } from "../runtime.js";
import type { SignatureScheme, VrfScheme } from "../schemes.js";
import { VirtualTime } from "../virtual-time.js";
import { type VotingSet, votingSetFromRecords } from "../voting-set.js";
import { verifyCertificate, verifyCertifiedBlock } from "./certificate.js";
import { TsdcEngine } from "./engine.js";
import type { BuildBlockParams, TsdcMessage } from "./interface.js";
import type { TsdcOptionsInput } from "./options.js";
import { evaluateCandidacy, isProposerFault, makeCandidacy, type ProposerDraw } from "./proposer.js";
import { rankCandidates } from "./ranking.js";

/** Which host hook an answer is for. */
export type HookKind = "build" | "validate";

/**
 * Host answers on virtual time: each hook's value is computed when the engine asks (the host's state at
 * that moment) and its promise settles after `delay(kind)` virtual ms (0: at once). Settled promises are
 * counted until their reactions ran, so a driver can drain them (settle()) before the next task, the way
 * the simulator's AsyncTracker does.
 */
export class HostAnswers {
  private pending = 0;

  constructor(
    private readonly time: VirtualTime,
    private readonly delay: (kind: HookKind) => number = () => 0,
  ) {}

  /** `delayMs` overrides the delay function for this one answer. */
  answer<T>(kind: HookKind, compute: () => T, delayMs?: number): Promise<T> {
    let outcome: { ok: true; value: T } | { ok: false; error: unknown };
    try {
      outcome = { ok: true, value: compute() };
    } catch (error) {
      outcome = { ok: false, error };
    }
    const ms = delayMs ?? this.delay(kind);
    if (ms <= 0) {
      const promise = outcome.ok ? Promise.resolve(outcome.value) : Promise.reject(outcome.error);
      this.watch(promise);
      return promise;
    }
    let resolve!: (value: T) => void;
    let reject!: (error: unknown) => void;
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    this.time.after(ms, () => {
      this.watch(promise);
      if (outcome.ok) resolve(outcome.value);
      else reject(outcome.error);
    });
    return promise;
  }

  /** True while a settled answer's reactions have not run yet. */
  get busy(): boolean {
    return this.pending > 0;
  }

  /** Lets every settled answer's reactions run (microtask hops only; no wall clock). */
  async settle(): Promise<void> {
    for (let hops = 0; this.pending > 0; hops++) {
      if (hops > 1_000_000) throw new Error(`${this.pending} host answers never settled`);
      await Promise.resolve();
    }
  }

  /** Runs virtual time to `t`, settling answers after every task. */
  async runUntil(t: number): Promise<void> {
    for (;;) {
      if (this.pending > 0) await this.settle();
      const next = this.time.nextDueAt();
      if (next === null || next > t) break;
      this.time.step();
    }
    this.time.runUntil(t);
  }

  private watch(promise: Promise<unknown>): void {
    this.pending++;
    const done = () => {
      this.pending--;
    };
    promise.then(done, done);
  }
}

/** Hook delays drawn from a seeded stream: uniform in [0, maxMs] per answer (answers overtake each other). */
export function seededDelays(seed: number, maxMs: number): (kind: HookKind) => number {
  const rng: Rng = new SeededRng(seed);
  return () => rng.int(maxMs + 1);
}

const PK_TAG = utf8.encode("tsdc-test/pk");
const SIG_TAG = utf8.encode("tsdc-test/sig");
const VRF_TAG = utf8.encode("tsdc-test/vrf");
const OUT_TAG = utf8.encode("tsdc-test/vrf-out");

/** Keyed-hash signature and VRF schemes sharing one seed registry (see the header). */
export function keyedHashSchemes(): { signatures: SignatureScheme; vrf: VrfScheme } {
  const seeds = new Map<string, Uint8Array>();
  const publicKey = (secret: Uint8Array): Uint8Array => {
    const pk = blake3Parts(PK_TAG, secret);
    seeds.set(toHex(pk), secret);
    return pk;
  };
  const sign = (secret: Uint8Array, message: Uint8Array): Uint8Array => {
    const first = blake3Parts(SIG_TAG, secret, message);
    return concatBytes(first, blake3Parts(SIG_TAG, first));
  };
  const prove = (secret: Uint8Array, alpha: Uint8Array): Uint8Array =>
    concatBytes(publicKey(secret), blake3Parts(VRF_TAG, secret, alpha), new Uint8Array(16));
  const output = (proof: Uint8Array): Uint8Array => {
    const first = blake3Parts(OUT_TAG, proof);
    return concatBytes(first, blake3Parts(OUT_TAG, first));
  };
  return {
    signatures: {
      publicKey,
      sign,
      verify(pk, message, signature) {
        const secret = pk instanceof Uint8Array ? seeds.get(toHex(pk)) : undefined;
        return (
          secret !== undefined &&
          signature instanceof Uint8Array &&
          bytesEqual(sign(secret, message), signature)
        );
      },
    },
    vrf: {
      prove,
      output,
      verify(pk, proof, alpha) {
        const secret = pk instanceof Uint8Array ? seeds.get(toHex(pk)) : undefined;
        if (secret === undefined || !(proof instanceof Uint8Array) || proof.length !== 80) return null;
        return bytesEqual(prove(secret, alpha), proof) ? output(proof) : null;
      },
    },
  };
}

export interface TestValidator {
  readonly seed: Uint8Array;
  readonly publicKey: Uint8Array;
  readonly id: string;
  readonly weight: number;
}

function collateralFor(weight: number): bigint {
  const tier = MASTERNODE_TIERS.find((t) => t.votingWeight === weight);
  if (tier === undefined || weight === 0) throw new RangeError(`no tier has voting weight ${weight}`);
  return tier.collateral;
}

/** Validators with the given tier weights (10/100/1000), keys derived from `label`. */
export function makeValidators(
  label: string,
  weights: readonly number[],
  signatures: SignatureScheme,
): { validators: TestValidator[]; votingSet: VotingSet } {
  const validators: TestValidator[] = weights.map((weight, i) => {
    const seed = blake3Parts(utf8.encode(`tsdc-test/${label}/${i}`));
    const publicKey = signatures.publicKey(seed);
    return { seed, publicKey, id: toHex(publicKey), weight };
  });
  const records: MasternodeRecord[] = validators.map((v, i) => ({
    collateral: { txid: blake3Parts(utf8.encode(`collateral/${label}`), v.publicKey), index: i },
    collateralAmount: collateralFor(v.weight),
    collateralPublicKey: v.publicKey,
    operatorPublicKey: v.publicKey,
    payoutAddress: sha256(v.publicKey).slice(0, 20),
    networkAddress: `10.0.0.${i + 1}:24200`,
    registeredHeight: 0n,
  }));
  return { validators, votingSet: votingSetFromRecords(records) };
}

/** Every validator's draw for (height, previousHash, round), best first. */
export function offlineRanking(
  validators: readonly TestValidator[],
  votingSet: VotingSet,
  schemes: { vrf: VrfScheme },
  chainId: number,
  height: bigint,
  previousHash: Uint8Array,
  round: number,
): ProposerDraw[] {
  const draws: ProposerDraw[] = [];
  for (const v of validators) {
    const { candidacy } = makeCandidacy(
      schemes.vrf,
      v.seed,
      v.publicKey,
      chainId,
      height,
      previousHash,
      round,
    );
    const draw = evaluateCandidacy(candidacy, votingSet, schemes.vrf, chainId);
    if (isProposerFault(draw)) throw new Error(`offline draw failed: ${draw.code}`);
    draws.push(draw);
  }
  return rankCandidates(draws);
}

export function genesisBlock(chainId: number, timestampMs: number): Block {
  const reward: Transaction = { version: TX_VERSION, inputs: [], outputs: [], lockTime: 0n, special: null };
  return assembleBlock({
    chainId,
    height: 0n,
    previousHash: new Uint8Array(32),
    timestamp: BigInt(timestampMs),
    round: 0,
    proposerPublicKey: new Uint8Array(32),
    vrfProof: new Uint8Array(80),
    transactions: [reward],
    heartbeats: [],
    previousCertificate: null,
  });
}

/** A minimal well-formed block: a reward to the proposer (`rewardAmount` lets a test make a twin). */
export function testBlock(
  chainId: number,
  p: BuildBlockParams,
  previousCertificate: Certificate | null,
  rewardAmount: bigint = BLOCK_REWARD,
): Block {
  const reward: Transaction = {
    version: TX_VERSION,
    inputs: [],
    outputs: [{ amount: rewardAmount, address: sha256(p.proposerPublicKey).slice(0, 20) }],
    lockTime: p.height,
    special: null,
  };
  return assembleBlock({ ...p, chainId, transactions: [reward], heartbeats: [], previousCertificate });
}

/** The structural checks a host's validateBlock would start with (commitments match the contents). */
export function structuralFault(block: Block): string | null {
  const reward = block.transactions[0];
  if (reward === undefined || reward.lockTime !== block.header.height) return "bad reward";
  if (!bytesEqual(block.header.merkleRoot, merkleRoot(block.transactions.map(transactionId))))
    return "bad merkle root";
  if (!bytesEqual(block.header.extrasHash, blockExtrasHash(block.heartbeats, block.previousCertificate))) {
    return "bad extras hash";
  }
  return null;
}

/**
 * What a node's outbox does with each message: "honest" broadcasts; "silent" sends nothing; "no-proposal"
 * sends everything but its proposals; "equivocate" sends a twin of each fresh proposal (same header
 * fields, different reward) to one half of the peers and the original to the other, and votes for the
 * twin toward the twin's half.
 */
export type Behaviour = "honest" | "silent" | "no-proposal" | "equivocate";

export interface NetworkOptions {
  readonly seed: number;
  readonly weights: readonly number[];
  readonly label?: string;
  /** Real ed25519/ECVRF instead of keyed hashes. */
  readonly schemes?: { signatures: SignatureScheme; vrf: VrfScheme };
  readonly behaviours?: readonly Behaviour[];
  /** Non-validator nodes appended after the validators. */
  readonly observers?: number;
  readonly latencyMs?: number;
  readonly jitterMs?: number;
  readonly loss?: number;
  readonly chainId?: number;
  readonly blockIntervalMs?: number;
  readonly genesisTimestampMs?: number;
  readonly tsdc?: Partial<TsdcOptionsInput>;
  /** Per-node extra validity rule (e.g. "I finalized a conflicting transaction"). */
  readonly reject?: (node: number, block: Block) => string | null;
  /** Virtual delay of each host answer (buildBlock, validateBlock); default 0 (answered at once). */
  readonly hookDelay?: (kind: HookKind) => number;
}

export interface Violation {
  readonly height: bigint;
  readonly hashes: readonly string[];
}

export class TestNode {
  readonly chain: CertifiedBlock[] = [];
  readonly hashes: string[] = [];
  crashed = false;
  readonly engine: TsdcEngine;
  /** Hash of each block this node committed through its own engine (not imported). */
  readonly committedHere = new Map<bigint, string>();

  /** Peer id: the validator id, or "observer-<index>" for a non-validator. */
  readonly id: string;

  constructor(
    readonly index: number,
    /** null: an observer (full node without a vote). */
    readonly validator: TestValidator | null,
    readonly behaviour: Behaviour,
    private readonly net: TestNetwork,
    genesis: Block,
  ) {
    this.id = validator?.id ?? `observer-${index}`;
    this.chain.push({ block: genesis, certificate: null });
    this.hashes.push(toHex(blockHash(genesis.header)));
    const o = net.opts;
    this.engine = new TsdcEngine(
      {
        chainId: net.chainId,
        blockIntervalMs: net.blockIntervalMs,
        genesisTimestampMs: net.genesisTimestampMs,
        ...o.tsdc,
      },
      {
        clock: net.time,
        scheduler: net.time,
        signatures: net.schemes.signatures,
        vrf: net.schemes.vrf,
        outbox: { broadcast: (m) => net.send(this, m) },
        self: validator === null ? null : { id: validator.id, secret: validator.seed },
        votingSet: () => net.votingSet,
        tip: () => {
          const last = this.chain[this.chain.length - 1]!;
          return {
            height: last.block.header.height,
            hash: blockHash(last.block.header),
            timestamp: last.block.header.timestamp,
          };
        },
        buildBlock: (p) =>
          net.answers.answer("build", () =>
            testBlock(net.chainId, p, this.chain[this.chain.length - 1]!.certificate),
          ),
        validateBlock: (block) =>
          net.answers.answer(
            "validate",
            () => structuralFault(block) ?? o.reject?.(this.index, block) ?? null,
          ),
        onCommit: (block, certificate) => {
          this.committedHere.set(block.header.height, toHex(certificate.blockHash));
          net.recordCertified(this, { block, certificate });
          this.append({ block, certificate });
          net.gossipCertified(this, { block, certificate });
          this.engine.newHeight();
        },
      },
    );
    this.engine.on("peerBehind", ({ peerId, height }) => net.serve(this, peerId, height));
  }

  get height(): bigint {
    return BigInt(this.chain.length - 1);
  }

  get honest(): boolean {
    return this.behaviour === "honest";
  }

  private append(certified: CertifiedBlock): void {
    this.chain.push(certified);
    this.hashes.push(toHex(blockHash(certified.block.header)));
  }

  /** A certified block from a peer (gossip or catch-up): verified, then applied if it extends the tip. */
  importCertified(certified: CertifiedBlock): void {
    const height = certified.block.header.height;
    // Already held: nothing to learn (a different block at a held height is verified and recorded below).
    if (height <= this.height && this.hashes[Number(height)] === toHex(blockHash(certified.block.header)))
      return;
    if (height > this.height + 1n) return;
    const fault = verifyCertifiedBlock(
      certified,
      this.net.votingSet,
      this.net.schemes.signatures,
      this.net.chainId,
    );
    if (fault !== null) {
      this.net.importFaults.push(fault.code);
      return;
    }
    this.net.recordCertified(this, certified);
    if (height !== this.height + 1n) return;
    const tipHash = blockHash(this.chain[this.chain.length - 1]!.block.header);
    if (!bytesEqual(certified.block.header.previousHash, tipHash)) return;
    if (structuralFault(certified.block) !== null) return;
    this.append(certified);
    this.engine.newHeight();
  }
}

export class TestNetwork {
  readonly time: VirtualTime;
  readonly answers: HostAnswers;
  /** Latency, jitter and loss of every message (the seeded stream of `opts.seed`). */
  readonly links: MessageNet;
  readonly schemes: { signatures: SignatureScheme; vrf: VrfScheme };
  readonly validators: TestValidator[];
  readonly votingSet: VotingSet;
  readonly nodes: TestNode[];
  readonly chainId: number;
  readonly blockIntervalMs: number;
  readonly genesisTimestampMs: number;
  readonly genesis: Block;
  /** Every certified block any node accepted: height -> distinct block hashes. */
  readonly certified = new Map<bigint, Set<string>>();
  readonly importFaults: string[] = [];
  /** Drops a message from `from` to `to` when it returns true (partitions, targeted loss). */
  filter: ((from: number, to: number, m: TsdcMessage | null) => boolean) | null = null;
  /** Twins an equivocating node made: hash hex -> twin hash hex (both directions). */
  private readonly twins = new Map<string, { twin: Uint8Array; group: 0 | 1 }>();

  constructor(readonly opts: NetworkOptions) {
    this.chainId = opts.chainId ?? 3;
    this.blockIntervalMs = opts.blockIntervalMs ?? 1_000;
    this.genesisTimestampMs = opts.genesisTimestampMs ?? 1_700_000_000_000;
    this.time = new VirtualTime(this.genesisTimestampMs);
    this.answers = new HostAnswers(this.time, opts.hookDelay);
    this.links = new MessageNet(this.time, new SeededRng(opts.seed), {
      latencyMs: opts.latencyMs ?? 50,
      jitterMs: opts.jitterMs ?? 10,
      loss: opts.loss ?? 0,
    });
    this.schemes = opts.schemes ?? keyedHashSchemes();
    const made = makeValidators(opts.label ?? "net", opts.weights, this.schemes.signatures);
    this.validators = made.validators;
    this.votingSet = made.votingSet;
    this.genesis = genesisBlock(this.chainId, this.genesisTimestampMs);
    this.nodes = this.validators.map(
      (v, i) => new TestNode(i, v, opts.behaviours?.[i] ?? "honest", this, this.genesis),
    );
    for (let i = 0; i < (opts.observers ?? 0); i++) {
      this.nodes.push(new TestNode(this.nodes.length, null, "honest", this, this.genesis));
    }
  }

  start(): void {
    for (const node of this.nodes) if (!node.crashed) node.engine.start();
  }

  crash(index: number): void {
    const node = this.nodes[index]!;
    node.crashed = true;
    node.engine.stop();
  }

  restart(index: number): void {
    const node = this.nodes[index]!;
    node.crashed = false;
    node.engine.start();
  }

  async runFor(ms: number): Promise<void> {
    await this.answers.runUntil(this.time.now() + ms);
  }

  /** Runs until every honest live node has at least `height` blocks, or `maxMs` passes; true on success. */
  async runUntilHeight(height: bigint, maxMs: number): Promise<boolean> {
    const deadline = this.time.now() + maxMs;
    const done = () => this.nodes.every((n) => n.crashed || !n.honest || n.height >= height);
    // Checked every few tasks, not after each one: with 100 nodes the check would dominate the run.
    for (let steps = 0; ; steps++) {
      if (this.answers.busy) await this.answers.settle();
      if (steps % 64 === 0 && done()) return true;
      const next = this.time.nextDueAt();
      if (next === null || next > deadline) return done();
      this.time.step();
    }
  }

  /** Sends one message from node `from` to node `to` only, on the network's latency (scripted adversaries). */
  sendTo(from: number, to: number, m: TsdcMessage): void {
    const target = this.nodes[to]!;
    this.deliver(this.nodes[from]!, target, m, () => target.engine.onMessage(this.nodes[from]!.id, m));
  }

  honestNodes(): TestNode[] {
    return this.nodes.filter((n) => n.honest && !n.crashed);
  }

  /** Heights at which two different blocks were certified (must stay empty). */
  violations(): Violation[] {
    const out: Violation[] = [];
    for (const [height, hashes] of this.certified)
      if (hashes.size > 1) out.push({ height, hashes: [...hashes] });
    return out;
  }

  recordCertified(_node: TestNode, certified: CertifiedBlock): void {
    const height = certified.block.header.height;
    let set = this.certified.get(height);
    if (set === undefined) {
      set = new Set();
      this.certified.set(height, set);
    }
    set.add(toHex(blockHash(certified.block.header)));
  }

  private deliver(from: TestNode, to: TestNode, m: TsdcMessage | null, run: () => void): void {
    if (from.crashed || to === from) return;
    if (this.filter?.(from.index, to.index, m)) return;
    this.links.send(() => {
      if (!to.crashed) run();
    });
  }

  send(from: TestNode, m: TsdcMessage): void {
    switch (from.behaviour) {
      case "silent":
        return;
      case "no-proposal":
        if (m.kind === "proposal") return;
        break;
      case "equivocate":
        this.sendEquivocating(from, m);
        return;
      default:
        break;
    }
    for (const to of this.nodes) this.deliver(from, to, m, () => to.engine.onMessage(from.id, m));
  }

  /** Group of a receiver for an equivocating sender: alternate indices among the others. */
  private groupOf(index: number): 0 | 1 {
    return (index % 2) as 0 | 1;
  }

  private sendEquivocating(from: TestNode, m: TsdcMessage): void {
    const toGroup = (group: 0 | 1, msg: TsdcMessage) => {
      for (const to of this.nodes) {
        if (this.groupOf(to.index) === group) {
          this.deliver(from, to, msg, () => to.engine.onMessage(from.id, msg));
        }
      }
    };
    if (from.validator === null) return;
    const seed = from.validator.seed;
    const sig = this.schemes.signatures;
    if (
      m.kind === "proposal" &&
      bytesEqual(m.proposal.block.header.proposerPublicKey, from.validator.publicKey)
    ) {
      const block = m.proposal.block;
      const h = block.header;
      const twinBlock = testBlock(
        this.chainId,
        { ...h, proposerPublicKey: h.proposerPublicKey, vrfProof: h.vrfProof },
        block.previousCertificate,
        BLOCK_REWARD - 1n - BigInt(h.round),
      );
      const hash = blockHash(h);
      const twinHash = blockHash(twinBlock.header);
      this.twins.set(toHex(hash), { twin: twinHash, group: 1 });
      this.twins.set(toHex(twinHash), { twin: hash, group: 0 });
      const twin = {
        block: twinBlock,
        validRound: -1,
        signature: sig.sign(seed, proposalSigningMessage(this.chainId, twinHash, -1)),
      };
      toGroup(0, m);
      toGroup(1, { kind: "proposal", proposal: twin });
      return;
    }
    if (m.kind === "vote") {
      const entry = this.twins.get(toHex(m.vote.blockHash));
      if (entry !== undefined) {
        const unsigned = { ...m.vote, blockHash: entry.twin };
        const twinVote = {
          ...unsigned,
          signature: sig.sign(seed, voteSigningMessage(this.chainId, unsigned)),
        };
        toGroup(entry.group === 1 ? 0 : 1, m);
        toGroup(entry.group, { kind: "vote", vote: twinVote });
        return;
      }
    }
    toGroup(0, m);
    toGroup(1, m);
  }

  gossipCertified(from: TestNode, certified: CertifiedBlock): void {
    for (const to of this.nodes) this.deliver(from, to, null, () => to.importCertified(certified));
  }

  /** peerBehind: send the blocks the peer lacks (from `height`, at most 16). */
  serve(from: TestNode, peerId: string, height: bigint): void {
    const to = this.nodes.find((n) => n.id === peerId);
    if (to === undefined) return;
    for (let h = height; h <= from.height && h < height + 16n; h++) {
      const certified = from.chain[Number(h)]!;
      if (certified.certificate === null) continue;
      this.deliver(from, to, null, () => to.importCertified(certified));
    }
  }
}

/** True when every certificate on a node's chain verifies and links to its parent. */
export function chainIsCertified(node: TestNode, net: TestNetwork): boolean {
  for (let i = 1; i < node.chain.length; i++) {
    const { block, certificate } = node.chain[i]!;
    if (certificate === null) return false;
    if (
      verifyCertificate(
        certificate,
        blockHash(block.header),
        net.votingSet,
        net.schemes.signatures,
        net.chainId,
        block.header.height,
      ) !== null
    ) {
      return false;
    }
    if (!bytesEqual(block.header.previousHash, blockHash(node.chain[i - 1]!.block.header))) return false;
  }
  return true;
}
