// The lock rule (prepare only the locked block once locked, unless a newer prepare quorum says otherwise:
// Tendermint's line 22-33 condition) as a whole-network property. Four validators on the in-memory bus,
// one Byzantine (B) that withholds and equivocates by script, and an adversarial schedule: in round 0 all
// honest nodes prepare and precommit block A, but H1's precommit never reaches H2 and H3, so only H1
// commits A (and then H1 is cut off from them). B sends H2 and H3 a nil precommit, enough to time round 0
// out; in round 1, B, the best-ranked candidate they know, proposes a fresh block C and votes for it. H2
// and H3 are locked on A: they must prepare nil, so C gets no quorum. A node that ignored its lock would
// prepare C, and C would be certified beside A: two blocks at one height. Seeded latency and jitter.
import { describe, expect, it } from "vitest";
import { blockHash } from "../../codec/ids.js";
import { proposalSigningMessage, voteSigningMessage } from "../../codec/signing.js";
import type { Block, Vote, VotePhase } from "../../types/chain.js";
import { SeededRng } from "../runtime.js";
import type { TsdcMessage } from "./interface.js";
import { makeCandidacy } from "./proposer.js";
import { offlineRanking, TestNetwork, testBlock } from "./test-support.js";

const H1 = 0;
const H2 = 1;
const H3 = 2;
const B = 3;

function heightOf(m: TsdcMessage): bigint {
  if (m.kind === "candidacy") return m.candidacy.height;
  if (m.kind === "proposal") return m.proposal.block.header.height;
  return m.vote.height;
}

function roundOf(m: TsdcMessage): number {
  if (m.kind === "candidacy") return m.candidacy.round;
  if (m.kind === "proposal") return m.proposal.block.header.round;
  return m.vote.round;
}

/** A network (keys from a searched label) in which B outranks H2 and H3 in round 1 of height 1. */
function lockScenarioNetwork(seed: number): TestNetwork {
  const pick = new SeededRng(seed);
  for (let k = 0; k < 200; k++) {
    const net = new TestNetwork({
      seed,
      weights: [10, 10, 10, 10],
      label: `lock-${seed}-${k}`,
      behaviours: ["honest", "honest", "honest", "silent"],
      latencyMs: 20 + pick.int(60),
      jitterMs: pick.int(40),
    });
    const ids = net.validators.map((v) => v.id);
    const order = offlineRanking(
      net.validators,
      net.votingSet,
      net.schemes,
      net.chainId,
      1n,
      blockHash(net.genesis.header),
      1,
    ).map((d) => ids.indexOf(d.validator.id));
    if (order.indexOf(B) < order.indexOf(H2) && order.indexOf(B) < order.indexOf(H3)) return net;
  }
  throw new Error("no suitable label");
}

interface Outcome {
  readonly violations: ReturnType<TestNetwork["violations"]>;
  readonly h1Committed: string | undefined;
  /** H2's and H3's locked block as they entered round 1 of height 1. */
  readonly lockedAtH2: string | null;
  readonly lockedAtH3: string | null;
}

async function runScenario(seed: number): Promise<Outcome> {
  const net = lockScenarioNetwork(seed);
  const genesisHash = blockHash(net.genesis.header);
  const byz = net.validators[B]!;
  const sig = net.schemes.signatures;
  // H1 reaches H2 and H3 only with round-0 candidacies, proposals and prepares of height 1: its
  // precommit and everything after (later heights, certified blocks) are withheld by the schedule.
  // B's own engine only listens (it is "silent"), but it would still gossip the certified blocks it
  // learns: the adversary keeps those to itself too.
  net.filter = (from, to, m) =>
    (from === B && m === null) ||
    (from === H1 &&
      (to === H2 || to === H3) &&
      (m === null ||
        heightOf(m) !== 1n ||
        roundOf(m) !== 0 ||
        (m.kind === "vote" && m.vote.phase === "precommit")));

  const vote = (phase: VotePhase, round: number, block: Block | null): Vote => {
    const unsigned = {
      phase,
      height: 1n,
      round,
      blockHash: block === null ? new Uint8Array(32) : blockHash(block.header),
      voterPublicKey: byz.publicKey,
    };
    return { ...unsigned, signature: sig.sign(byz.seed, voteSigningMessage(net.chainId, unsigned)) };
  };
  const { candidacy } = makeCandidacy(
    net.schemes.vrf,
    byz.seed,
    byz.publicKey,
    net.chainId,
    1n,
    genesisHash,
    1,
  );
  const blockC = testBlock(
    net.chainId,
    {
      height: 1n,
      round: 1,
      previousHash: genesisHash,
      proposerPublicKey: byz.publicKey,
      vrfProof: candidacy.vrfProof,
      timestamp: BigInt(net.genesisTimestampMs + net.blockIntervalMs),
    },
    null,
  );
  const script: TsdcMessage[] = [
    { kind: "vote", vote: vote("precommit", 0, null) },
    { kind: "candidacy", candidacy },
    {
      kind: "proposal",
      proposal: {
        block: blockC,
        validRound: -1,
        signature: sig.sign(byz.seed, proposalSigningMessage(net.chainId, blockHash(blockC.header), -1)),
      },
    },
    { kind: "vote", vote: vote("prepare", 1, blockC) },
    { kind: "vote", vote: vote("precommit", 1, blockC) },
  ];
  // B sends its whole script to H2 and H3 only, as height 1 starts.
  net.time.after(net.blockIntervalMs, () => {
    for (const m of script) for (const to of [H2, H3]) net.sendTo(B, to, m);
  });
  // What H2 and H3 are locked on as they enter round 1 (the attack needs them locked on H1's block).
  const lockedAtRound1 = new Map<number, string | null>();
  for (const i of [H2, H3]) {
    const engine = net.nodes[i]!.engine;
    engine.on("roundStarted", (e) => {
      if (e.height === 1n && e.round === 1) lockedAtRound1.set(i, engine.inspect().lockedBlockHash);
    });
  }
  net.start();
  await net.runFor(12_000);
  return {
    violations: net.violations(),
    h1Committed: net.nodes[H1]!.committedHere.get(1n),
    lockedAtH2: lockedAtRound1.get(H2) ?? null,
    lockedAtH3: lockedAtRound1.get(H3) ?? null,
  };
}

describe("TSDC lock rule against a withholding, equivocating validator", () => {
  it("nodes locked on A never help certify a conflicting block (5 seeds)", async () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const outcome = await runScenario(seed);
      expect(outcome.violations, `seed ${seed}: conflicting certified blocks`).toEqual([]);
      // The attack got where it needed: H1 committed A alone, H2 and H3 entered round 1 locked on that A.
      expect(outcome.h1Committed, `seed ${seed}`).toBeDefined();
      expect(outcome.lockedAtH2, `seed ${seed}`).toBe(outcome.h1Committed);
      expect(outcome.lockedAtH3, `seed ${seed}`).toBe(outcome.h1Committed);
    }
  });
});
