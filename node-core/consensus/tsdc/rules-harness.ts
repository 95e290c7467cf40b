// TEST-ONLY (never imported by product code, no test-runner imports): one TSDC engine under test with
// every other validator played by hand. The harness signs candidacies, proposals and votes for any of the
// validators (four by default), delivers them, and drives virtual time; the engine's host hooks answer
// through HostAnswers (at once by default, or with a test-chosen delay, outcome or failure per call) and
// every delivery and time step settles the answers, so a test reads the engine's state after the fact.
import type { Candidacy } from "../../codec/index.js";
import { blockHash, proposalSigningMessage, voteSigningMessage } from "../../codec/index.js";
import type { Block, Certificate, Proposal, Vote, VotePhase } from "../../types/index.js";
import { toHex } from "../../types/index.js";
import type { Logger } from "../../util/index.js";
import { VirtualTime } from "../index.js";
import { TsdcEngine } from "./engine.js";
import type { BuildBlockParams, TsdcMessage, TsdcVerdict } from "./interface.js";
import { makeCandidacy } from "./proposer.js";
import {
  genesisBlock,
  type HookKind,
  HostAnswers,
  keyedHashSchemes,
  makeValidators,
  offlineRanking,
  structuralFault,
  type TestValidator,
  testBlock,
} from "./test-support.js";

export const CHAIN = 3;
export const GENESIS_MS = 1_700_000_000_000;
export const INTERVAL = 1_000;
export const OPTS = {
  chainId: CHAIN,
  blockIntervalMs: INTERVAL,
  genesisTimestampMs: GENESIS_MS,
  candidacyWindowMs: 100,
  proposeTimeoutMs: 400,
  prepareTimeoutMs: 300,
  precommitTimeoutMs: 300,
  timeoutDeltaMs: 100,
  rebroadcastMs: 60_000,
};

export interface HarnessOptions {
  readonly observer?: boolean;
  readonly noTimestamp?: boolean;
  /** buildBlock rejects (an unavailable mempool). */
  readonly buildThrows?: boolean;
  /** Both hooks throw synchronously instead of returning a promise (a host bug the engine must survive). */
  readonly hooksThrowSync?: boolean;
  /** Virtual delay of each host answer (default 0). */
  readonly delay?: (kind: HookKind) => number;
  /** Per-block delay of validateBlock's answer (overrides `delay` for it). */
  readonly validateDelay?: (hex: string) => number;
  /** The host's answer for a block (default: the structural checks); a throw makes the promise reject. */
  readonly validateOutcome?: (block: Block) => string | null;
  /** The engine's logger (default: none). */
  readonly logger?: Logger;
  /** Voting weights of the validators (default: four of weight 10); the engine is the first. */
  readonly weights?: readonly number[];
}

export class Harness {
  readonly schemes = keyedHashSchemes();
  readonly time = new VirtualTime(GENESIS_MS);
  readonly answers: HostAnswers;
  readonly validators: TestValidator[];
  readonly votingSet;
  readonly genesis = genesisBlock(CHAIN, GENESIS_MS);
  readonly genesisHash = blockHash(this.genesis.header);
  readonly sent: TsdcMessage[] = [];
  readonly commits: { block: Block; certificate: Certificate }[] = [];
  /** Hex hashes of the blocks validateBlock was called for, in call order. */
  readonly validated: string[] = [];
  readonly builds: BuildBlockParams[] = [];
  readonly engine: TsdcEngine;
  tip: { height: bigint; hash: Uint8Array; timestamp: bigint };

  constructor(
    label: string,
    readonly opts: HarnessOptions = {},
  ) {
    const made = makeValidators(label, opts.weights ?? [10, 10, 10, 10], this.schemes.signatures);
    this.validators = made.validators;
    this.votingSet = made.votingSet;
    this.answers = new HostAnswers(this.time, opts.delay);
    this.tip = { height: 0n, hash: this.genesisHash, timestamp: BigInt(GENESIS_MS) };
    const me = this.validators[0]!;
    this.engine = new TsdcEngine(OPTS, {
      clock: this.time,
      scheduler: this.time,
      signatures: this.schemes.signatures,
      vrf: this.schemes.vrf,
      outbox: { broadcast: (m) => this.sent.push(m) },
      self: opts.observer ? null : { id: me.id, secret: me.seed },
      votingSet: () => this.votingSet,
      tip: () => (opts.noTimestamp ? { height: this.tip.height, hash: this.tip.hash } : this.tip),
      buildBlock: (p) => {
        this.builds.push(p);
        if (opts.hooksThrowSync) throw new Error("build hook bug");
        return this.answers.answer("build", () => {
          if (opts.buildThrows) throw new Error("mempool unavailable");
          return testBlock(CHAIN, p, null);
        });
      },
      validateBlock: (block) => {
        const hex = this.hexOf(block);
        this.validated.push(hex);
        if (opts.hooksThrowSync) throw new Error("validate hook bug");
        return this.answers.answer(
          "validate",
          () => (opts.validateOutcome ?? structuralFault)(block),
          opts.validateDelay?.(hex),
        );
      },
      onCommit: (block, certificate) => this.commits.push({ block, certificate }),
      logger: opts.logger,
    });
  }

  get me(): TestValidator {
    return this.validators[0]!;
  }

  ranking(round: number, height = 1n, previousHash = this.genesisHash) {
    return offlineRanking(this.validators, this.votingSet, this.schemes, CHAIN, height, previousHash, round);
  }

  candidacy(v: TestValidator, round: number, height = 1n, previousHash = this.genesisHash): Candidacy {
    return makeCandidacy(this.schemes.vrf, v.seed, v.publicKey, CHAIN, height, previousHash, round).candidacy;
  }

  block(v: TestValidator, round: number, reward?: bigint): Block {
    const c = this.candidacy(v, round);
    return testBlock(
      CHAIN,
      {
        height: 1n,
        round,
        previousHash: this.genesisHash,
        proposerPublicKey: v.publicKey,
        vrfProof: c.vrfProof,
        timestamp: BigInt(GENESIS_MS + INTERVAL),
      },
      null,
      reward,
    );
  }

  proposal(signer: TestValidator, block: Block, chainId = CHAIN, validRound = -1): Proposal {
    return {
      block,
      validRound,
      signature: this.schemes.signatures.sign(
        signer.seed,
        proposalSigningMessage(chainId, blockHash(block.header), validRound),
      ),
    };
  }

  vote(
    v: TestValidator,
    phase: VotePhase,
    round: number,
    block: Block | null,
    chainId = CHAIN,
    height = 1n,
  ): Vote {
    const unsigned = {
      phase,
      height,
      round,
      blockHash: block === null ? new Uint8Array(32) : blockHash(block.header),
      voterPublicKey: v.publicKey,
    };
    return {
      ...unsigned,
      signature: this.schemes.signatures.sign(v.seed, voteSigningMessage(chainId, unsigned)),
    };
  }

  /** Delivers one message and lets the host answers it caused settle; returns the engine's verdict. */
  async deliver(from: TestValidator, m: TsdcMessage): Promise<TsdcVerdict> {
    const verdict = this.engine.onMessage(from.id, m);
    await this.answers.settle();
    return verdict;
  }

  async advance(ms: number): Promise<void> {
    await this.answers.runUntil(this.time.now() + ms);
  }

  async runUntil(t: number): Promise<void> {
    await this.answers.runUntil(t);
  }

  /** The engine's own vote of a phase and round, if it cast one. */
  ownVote(phase: VotePhase, round: number): Vote | undefined {
    return this.sent
      .filter((m): m is Extract<TsdcMessage, { kind: "vote" }> => m.kind === "vote")
      .map((m) => m.vote)
      .find((v) => v.phase === phase && v.round === round && v.height === 1n);
  }

  /** Proposals the engine sent. */
  ownProposals(): Proposal[] {
    return this.sent
      .filter((m): m is Extract<TsdcMessage, { kind: "proposal" }> => m.kind === "proposal")
      .map((m) => m.proposal);
  }

  /** Starts height 1 (at slot 1); round 0's candidacy window is then open. */
  async startHeight1(): Promise<void> {
    this.engine.start();
    await this.runUntil(GENESIS_MS + INTERVAL);
    if (this.engine.currentHeight !== 1n) throw new Error("height 1 did not start");
  }

  hexOf(block: Block): string {
    return toHex(blockHash(block.header));
  }
}

/**
 * A label for which the engine's own validator is not the best candidate of rounds 0..rounds-1 (and, with
 * `distinct`, no validator is best in two of those rounds, for scripts where each round's proposer must
 * hold only that round's proposals).
 */
export function harnessWhereOthersLead(rounds: number, opts: HarnessOptions = {}, distinct = false): Harness {
  for (let k = 0; k < 200; k++) {
    const h = new Harness(`rules-${k}`, opts);
    const leaders = new Set<string>();
    let ok = true;
    for (let r = 0; r < rounds && ok; r++) {
      const id = h.ranking(r)[0]!.validator.id;
      ok = id !== h.me.id && !(distinct && leaders.has(id));
      leaders.add(id);
    }
    if (ok) return h;
  }
  throw new Error("no suitable label");
}

/** A label for which the engine's own validator is the best candidate of round 0. */
export function harnessWhereILead(opts: HarnessOptions = {}): Harness {
  for (let k = 0; k < 200; k++) {
    const h = new Harness(`lead-${k}`, opts);
    if (h.ranking(0)[0]!.validator.id === h.me.id) return h;
  }
  throw new Error("no suitable label");
}

export function validatorById(h: Harness, id: string): TestValidator {
  return h.validators.find((v) => v.id === id)!;
}
