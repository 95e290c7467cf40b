// End to end on a real chain: masternodes of every tier registered through the kernel, a block whose
// heartbeats a proposer took from its own tracker, and two validators with different local views that must
// compute the identical reward for that block because only block data counts.
import { beforeAll, describe, expect, it } from "vitest";
import { blockHash, decodeBlock, encodeBlock } from "../codec/index.js";
import { ed25519Scheme } from "../consensus/schemes.js";
import { verifyAll } from "../crypto/verify-pool.js";
import { assembleBlock, checkBlock } from "../kernel/index.js";
import { REWARD_PAYEES_PER_POOL, TX_VERSION } from "../params/consensus.js";
import { DEVNET } from "../params/network.js";
import {
  assembleTestBlock,
  buildRegistration,
  buildSpend,
  certify,
  deriveTestKeys,
  ManualClock,
  type OwnedUtxo,
  SeededRng,
  signTransaction,
  TestChain,
  type TestKey,
} from "../testing/index.js";
import { SAT_PER_TIME } from "../types/amount.js";
import { compareBytes, toHex } from "../types/bytes.js";
import type { Block, Certificate, CertifiedBlock, Heartbeat, Transaction } from "../types/chain.js";
import { selectHeartbeatsForBlock } from "./block-heartbeats.js";
import { checkBlockReward, prepareBlockReward } from "./block-reward.js";
import { signHeartbeat } from "./heartbeat.js";
import { HeartbeatTracker } from "./heartbeat-tracker.js";
import { type RegistrySnapshot, registryAt, type TierName } from "./registry.js";
import { computeReward, rewardTransaction } from "./rewards.js";
import { makeRecord } from "./test-fixtures.js";

const TIME = SAT_PER_TIME;
const params = DEVNET;

/** Operators: two per tier, in this order: gold A/B, silver A/B, bronze A/B, free A/B. */
const ops = deriveTestKeys("masternodes/block-reward/operators", 8) as TestKey[];
const op = (tier: TierName, which: "A" | "B") =>
  ops[["gold", "silver", "bronze", "free"].indexOf(tier) * 2 + (which === "A" ? 0 : 1)] as TestKey;
const treasury = deriveTestKeys("masternodes/block-reward/treasury", 1)[0] as TestKey;

interface Fixture {
  chain: TestChain;
  parent: RegistrySnapshot;
  /** Block 2 with a certificate from the A operators of the weighted tiers. */
  parentCertified: CertifiedBlock;
  /** Blocks 1 and 2: block 3's reward window. */
  window: Block[];
  spend: Transaction;
  spendFee: bigint;
}

function rewardAnything(height: bigint, amount: bigint, to: Uint8Array): Transaction {
  return {
    version: TX_VERSION,
    inputs: [],
    outputs: [{ amount, address: to }],
    lockTime: height,
    special: null,
  };
}

function buildFixture(): Fixture {
  const chain = new TestChain({
    label: "masternodes/block-reward",
    keyCount: 10,
    genesis: { outputsPerKey: 2, amount: 150_000n * TIME },
  });
  const prng = new SeededRng(42);
  const keys = chain.wallet.keys as TestKey[];
  const k = (i: number) => keys[i] as TestKey;
  const owned = (key: TestKey) =>
    chain.spendable().filter((u) => compareBytes(u.entry.address, key.address) === 0);
  const ofAmount = (key: TestKey, amount: bigint) => owned(key).filter((u) => u.entry.amount === amount);

  // Block 1: cut collateral of every tier out of k0's first output.
  const source = owned(k(0))[0] as OwnedUtxo;
  const split = buildSpend(params.chainId, [source], [k(0).address], prng, { outputCount: 1 }) as Transaction;
  const fee = source.entry.amount - (split.outputs[0]?.amount as bigint);
  const amounts = [20_000n * TIME, 20_000n * TIME, 2_000n * TIME, 2_000n * TIME, 10n * TIME, 10n * TIME];
  const owners = [k(1), k(1), k(2), k(2), k(3), k(3)];
  const unsignedSplit: Transaction = {
    ...split,
    outputs: [
      ...amounts.map((amount, i) => ({ amount, address: (owners[i] as TestKey).address })),
      // The extra outputs make the transaction larger, so leave a fee that covers any size here.
      {
        amount: source.entry.amount - fee - 50_000n - amounts.reduce((s, a) => s + a, 0n),
        address: k(0).address,
      },
    ],
  };
  const block1 = assembleTestBlock(
    params,
    chain.tip,
    rewardAnything(1n, 10n * TIME, k(0).address),
    [signTransaction(params.chainId, unsignedSplit, [k(0)])],
    chain.validators,
  );
  chain.apply(block1);

  // Block 2: register two masternodes per tier; fees paid from k5..k8.
  const collaterals: [TierName, OwnedUtxo][] = [
    ["gold", owned(k(4))[0] as OwnedUtxo],
    ["gold", owned(k(4))[1] as OwnedUtxo],
    ...ofAmount(k(1), 20_000n * TIME).map((u) => ["silver", u] as [TierName, OwnedUtxo]),
    ...ofAmount(k(2), 2_000n * TIME).map((u) => ["bronze", u] as [TierName, OwnedUtxo]),
    ...ofAmount(k(3), 10n * TIME).map((u) => ["free", u] as [TierName, OwnedUtxo]),
  ];
  expect(collaterals).toHaveLength(8);
  const feeInputs = [5, 6, 7, 8].flatMap((i) => owned(k(i)));
  const registrations = collaterals.map(([tier, collateral], i) => {
    const operator = op(tier, i % 2 === 0 ? "A" : "B");
    const feeInput = feeInputs[i] as OwnedUtxo;
    const network = `10.1.0.${i + 1}:${params.p2pPort}`;
    return buildRegistration(params.chainId, feeInput, collateral, operator, network, prng) as Transaction;
  });
  const block2 = assembleTestBlock(
    params,
    chain.tip,
    rewardAnything(2n, 10n * TIME, k(0).address),
    registrations,
    chain.validators,
  );
  const effects2 = chain.apply(block2);
  expect(verifyAll(effects2.signatureChecks).every(Boolean)).toBe(true);
  const parent = registryAt(chain.state.masternodes.values());

  // The certificate block 3 carries: precommits of the A operators of the weighted tiers.
  const voters = [op("gold", "A"), op("silver", "A"), op("bronze", "A")];
  const parentCertified = certify(params.chainId, block2.block, voters);

  // A transaction with a fee, so the producer's share includes fees.
  const payer = owned(k(9))[0] as OwnedUtxo;
  const spend = buildSpend(params.chainId, [payer], [k(9).address], prng, {
    outputCount: 2,
    extraFee: 777_000n,
  }) as Transaction;
  const spendFee = payer.entry.amount - spend.outputs.reduce((s, o) => s + o.amount, 0n);
  return { chain, parent, parentCertified, window: [block1.block, block2.block], spend, spendFee };
}

/** Block 3: `heartbeats` and `reward` as given, on top of the fixture's block 2. */
function block3(
  f: Fixture,
  opts: { heartbeats: Heartbeat[]; reward: Transaction; proposer: TestKey; certificate?: Certificate },
): Block {
  const parent = f.parentCertified.block.header;
  return assembleBlock({
    chainId: params.chainId,
    height: parent.height + 1n,
    previousHash: blockHash(parent),
    timestamp: parent.timestamp + BigInt(params.blockIntervalMs),
    round: 0,
    proposerPublicKey: opts.proposer.publicKey,
    vrfProof: new Uint8Array(80),
    transactions: [opts.reward, f.spend],
    heartbeats: opts.heartbeats,
    previousCertificate: opts.certificate ?? f.parentCertified.certificate,
  });
}

const T = 1_700_000_010_000;

function heartbeat(key: TestKey, height: bigint, sequence = 1n): Heartbeat {
  return signHeartbeat(ed25519Scheme, params.chainId, key.seed, {
    operatorPublicKey: key.publicKey,
    height,
    timestamp: BigInt(T),
    sequence,
  });
}

function trackerFor(f: Fixture, seen: TestKey[]): HeartbeatTracker {
  const tracker = new HeartbeatTracker(
    {},
    {
      clock: new ManualClock(T),
      signatures: ed25519Scheme,
      chainId: params.chainId,
      isRegistered: (id) => f.parent.operators.has(id),
    },
  );
  for (const key of seen) expect(tracker.record(heartbeat(key, 2n))).toBe("accepted");
  return tracker;
}

describe("block rewards from chain data only", () => {
  let f: Fixture;
  beforeAll(() => {
    f = buildFixture();
  });

  it("the fixture registered two masternodes per tier through the kernel", () => {
    expect(f.parent.tierCounts).toEqual({ gold: 2, silver: 2, bronze: 2, free: 2 });
    expect(f.parent.votingSet.validators).toHaveLength(6);
  });

  it("two validators with different local views compute the identical reward for the same block", () => {
    const proposer = op("gold", "B");
    // What each node happened to receive. Node A (the proposer) also records its own heartbeat.
    const trackerA = trackerFor(f, [
      op("gold", "A"),
      proposer,
      op("bronze", "B"),
      op("free", "A"),
      op("free", "B"),
    ]);
    const trackerB = trackerFor(f, [op("silver", "B"), op("free", "A")]);
    expect(trackerA.activeValidators(f.parent.votingSet)).not.toEqual(
      trackerB.activeValidators(f.parent.votingSet),
    );

    const previousCertificate = f.parentCertified.certificate as Certificate;
    const proposal = prepareBlockReward({
      params,
      height: 3n,
      parentRegistry: f.parent,
      previousCertificate,
      candidateHeartbeats: trackerA.recentHeartbeats(),
      proposerPublicKey: proposer.publicKey,
      fees: f.spendFee,
      treasuryAddress: treasury.address,
      window: f.window,
    });
    const { heartbeats, reward: expected } = proposal;
    // The gold A voter is eligible through the certificate, so its heartbeat is not carried.
    expect(heartbeats.map((h) => toHex(h.operatorPublicKey))).toEqual(
      [proposer, op("bronze", "B"), op("free", "A"), op("free", "B")]
        .map((key) => toHex(key.publicKey))
        .sort(),
    );
    expect(proposal.transaction).toEqual(rewardTransaction(3n, expected.outputs));
    const block = block3(f, { heartbeats, reward: proposal.transaction, proposer });

    // The kernel accepts it (the reward is within subsidy + fees and all signatures verify).
    const effects = checkBlock(block, f.chain.state, {
      params,
      parent: { hash: blockHash(f.parentCertified.block.header), height: 2n },
    });
    expect(effects.fees).toBe(f.spendFee);
    expect(verifyAll(effects.signatureChecks).every(Boolean)).toBe(true);

    // Each node validates the block as received over the wire; neither consults its tracker.
    const results = [trackerA, trackerB].map(() => {
      const received = decodeBlock(encodeBlock(block));
      return checkBlockReward(received, {
        params,
        parentRegistry: registryAt([...f.chain.state.masternodes.values()].reverse()),
        fees: effects.fees,
        treasuryAddress: treasury.address,
        signatures: ed25519Scheme,
        window: [...f.window].reverse().map((b) => decodeBlock(encodeBlock(b))),
      });
    });
    for (const r of results) expect(r.error).toBeNull();
    expect(results[1]?.reward).toEqual(results[0]?.reward);

    // The amounts DESIGN.md gives: gold A (voter) and B (heartbeat) share 25; silver A (voter) 18; bronze
    // A (voter) and B (heartbeat) share 14; free A and B (heartbeats) share 8; producer 20 + fees + its
    // gold share + the bonus for the 1,110 of 2,220 voting weight the certificate includes (5 of 10);
    // treasury 5 + the unearned 5. Silver B, alive only in node B's view, gets nothing.
    const paid = new Map(expected.outputs.map((o) => [toHex(o.address), o.amount]));
    const amount = (key: TestKey) => paid.get(toHex(key.address)) ?? 0n;
    expect(amount(op("gold", "A"))).toBe(1_250_000_000n);
    expect(expected.breakdown.producer).toMatchObject({ includedWeight: 1_110n, totalWeight: 2_220n });
    expect(amount(proposer)).toBe(25n * TIME + f.spendFee + 1_250_000_000n);
    expect(amount(op("silver", "A"))).toBe(18n * TIME);
    expect(amount(op("silver", "B"))).toBe(0n);
    expect(amount(op("bronze", "A"))).toBe(7n * TIME);
    expect(amount(op("bronze", "B"))).toBe(7n * TIME);
    expect(amount(op("free", "A"))).toBe(4n * TIME);
    expect(amount(op("free", "B"))).toBe(4n * TIME);
    expect(amount(treasury)).toBe(10n * TIME);
    expect(expected.outputs.reduce((s, o) => s + o.amount, 0n)).toBe(100n * TIME + f.spendFee);

    // Had node B proposed from ITS view, the block (and so its reward) would differ: local views matter
    // for what a proposer carries, never for how a carried block is paid.
    const fromB = selectHeartbeatsForBlock(trackerB.recentHeartbeats(), {
      params,
      parentHeight: 2n,
      registeredOperators: f.parent.operators,
      previousCertificate,
    });
    const rewardB = computeReward({
      height: 3n,
      parentRecords: f.parent.records,
      previousCertificate,
      heartbeats: fromB,
      window: f.window,
      proposerPublicKey: proposer.publicKey,
      fees: f.spendFee,
      treasuryAddress: treasury.address,
    });
    expect(rewardB.outputs).not.toEqual(expected.outputs);
  });

  it("refuses a reward computed from the proposer's local view instead of the block", () => {
    const proposer = op("gold", "B");
    const previousCertificate = f.parentCertified.certificate as Certificate;
    const carried = [heartbeat(proposer, 2n)];
    // The proposer pays everyone its tracker saw alive but carries only its own heartbeat.
    const localView = computeReward({
      height: 3n,
      parentRecords: f.parent.records,
      previousCertificate,
      heartbeats: [proposer, op("free", "A"), op("silver", "B")]
        .map((key) => heartbeat(key, 2n))
        .sort((a, b) => compareBytes(a.operatorPublicKey, b.operatorPublicKey)),
      window: f.window,
      proposerPublicKey: proposer.publicKey,
      fees: f.spendFee,
      treasuryAddress: treasury.address,
    });
    const block = block3(f, {
      heartbeats: carried,
      reward: rewardTransaction(3n, localView.outputs),
      proposer,
    });
    const result = checkBlockReward(block, {
      params,
      parentRegistry: f.parent,
      fees: f.spendFee,
      treasuryAddress: treasury.address,
      signatures: ed25519Scheme,
      window: f.window,
    });
    expect(result.error?.code).toBe("REWARD_MISMATCH");
    expect(result.error?.details.field).toBe("outputs");
  });

  it("refuses bad carried heartbeats and an unregistered proposer", () => {
    const proposer = op("gold", "B");
    const ctx = {
      params,
      parentRegistry: f.parent,
      fees: f.spendFee,
      treasuryAddress: treasury.address,
      signatures: ed25519Scheme,
      window: f.window,
    };
    const reward = rewardTransaction(3n, [{ amount: 100n * TIME, address: proposer.address }]);
    const errorFor = (heartbeats: Heartbeat[], who = proposer) =>
      checkBlockReward(block3(f, { heartbeats, reward, proposer: who }), ctx).error?.code;
    expect(errorFor([heartbeat(op("free", "A"), 3n)])).toBe("BLOCK_HEARTBEAT_OUT_OF_WINDOW");
    const stranger = deriveTestKeys("masternodes/block-reward/stranger", 1)[0] as TestKey;
    expect(errorFor([heartbeat(stranger, 2n)])).toBe("BLOCK_HEARTBEAT_UNREGISTERED");
    const forged = { ...heartbeat(op("free", "A"), 2n), timestamp: 5n };
    expect(errorFor([forged])).toBe("BLOCK_HEARTBEAT_BAD_SIGNATURE");
    expect(errorFor([], stranger)).toBe("REWARD_UNKNOWN_PROPOSER");
    expect(() =>
      prepareBlockReward({
        params,
        height: 3n,
        parentRegistry: f.parent,
        previousCertificate: null,
        candidateHeartbeats: [],
        proposerPublicKey: stranger.publicKey,
        fees: 0n,
        treasuryAddress: treasury.address,
        window: f.window,
      }),
    ).toThrow(expect.objectContaining({ code: "REWARD_UNKNOWN_PROPOSER" }));
    expect(errorFor([])).toBe("REWARD_MISMATCH");
    // A window that is not block 3's is a wiring fault, reported, not thrown.
    expect(
      checkBlockReward(block3(f, { heartbeats: [], reward, proposer }), { ...ctx, window: [] }).error?.code,
    ).toBe("REWARD_BAD_INPUT");
  });

  it("rethrows an error that is not a MasternodeError instead of reporting it", () => {
    const proposer = op("gold", "B");
    const broken = {
      ...ed25519Scheme,
      verify: (): boolean => {
        throw new TypeError("verifier broke");
      },
    };
    const ctx = {
      params,
      parentRegistry: f.parent,
      fees: f.spendFee,
      treasuryAddress: treasury.address,
      signatures: broken,
      window: f.window,
    };
    const reward = rewardTransaction(3n, [{ amount: 100n * TIME, address: proposer.address }]);
    const block = block3(f, { heartbeats: [heartbeat(op("free", "A"), 2n)], reward, proposer });
    expect(() => checkBlockReward(block, ctx)).toThrow("verifier broke");
  });

  it("a proposal takes candidates up to the parent height only, and re-verifies them when asked", () => {
    const proposal = (candidateHeartbeats: Heartbeat[], signatures?: typeof ed25519Scheme) =>
      prepareBlockReward({
        params,
        height: 3n,
        parentRegistry: f.parent,
        previousCertificate: f.parentCertified.certificate,
        candidateHeartbeats,
        proposerPublicKey: op("gold", "B").publicKey,
        fees: 0n,
        treasuryAddress: treasury.address,
        window: f.window,
        ...(signatures ? { signatures } : {}),
      }).heartbeats;
    const atParent = heartbeat(op("free", "A"), 2n);
    // a heartbeat for the block's own height is not in the window of a block at that height
    expect(proposal([atParent, heartbeat(op("free", "B"), 3n)])).toEqual([atParent]);
    const forged = { ...heartbeat(op("free", "B"), 2n), timestamp: 5n };
    expect(proposal([atParent, forged])).toHaveLength(2);
    expect(proposal([atParent, forged], ed25519Scheme)).toEqual([atParent]);
  });
});

describe("a proposal with more candidates than a reward has outputs", () => {
  it("carries every heartbeat and pays a bounded subset of the pool", () => {
    const prng = new SeededRng(7);
    const records = Array.from({ length: 2_001 }, (_, i) =>
      makeRecord(prng.bytes(32), "free", prng.bytes(20), i),
    );
    const producer = records[0] as (typeof records)[number];
    const candidates: Heartbeat[] = records.slice(1).map((r) => ({
      operatorPublicKey: r.operatorPublicKey,
      height: 2n,
      timestamp: 1n,
      sequence: 1n,
      signature: new Uint8Array(64),
    }));
    const treasuryAddress = prng.bytes(20);
    const empty = (height: bigint) =>
      ({ header: { height } as Block["header"], previousCertificate: null, heartbeats: [] }) as const;
    const { heartbeats, reward } = prepareBlockReward({
      params,
      height: 3n,
      parentRegistry: registryAt(records),
      previousCertificate: null,
      candidateHeartbeats: candidates,
      proposerPublicKey: producer.operatorPublicKey,
      fees: 0n,
      treasuryAddress,
      window: [empty(1n), empty(2n)],
    });
    // Every candidate's liveness is on the chain; the Free pool pays 400 of the 2,000 this block, plus
    // the treasury and the producer. (The old rule carried only 1,998, to fit one output each.)
    expect(heartbeats).toHaveLength(2_000);
    const free = reward.breakdown.pools.find((p) => p.tier === "free");
    expect(free?.eligible).toHaveLength(2_000);
    expect(free?.paid).toHaveLength(REWARD_PAYEES_PER_POOL);
    expect(reward.outputs).toHaveLength(REWARD_PAYEES_PER_POOL + 2);
  });
});
