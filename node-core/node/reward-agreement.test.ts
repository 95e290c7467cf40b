// The proposer's block builder (assembleProposal) and the importer (ChainService) apply ONE reward rule:
// on random chains (random proposers, certificate signers, carried heartbeats and fee-paying spends) the
// block the proposer assembles is byte-identical to an independently built one (the chain fixture's), a
// validator's candidate check accepts it, and the chain service imports it; the same block with any one
// reward output off by one satoshi is refused by both. And a proposer that carries a thinner (still
// valid) certificate of the parent to keep other masternodes' shares gets less, not more.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ChainFixture } from "../chain/fixture.js";
import { ChainService } from "../chain/index.js";
import { blockHash, transactionId } from "../codec/index.js";
import { ed25519Scheme, SeededRng } from "../consensus/index.js";
import { verifyAll } from "../crypto/index.js";
import { MemoryChainBackend } from "../db/index.js";
import { loadRewardWindow, registryAt } from "../masternodes/index.js";
import { Mempool } from "../mempool/index.js";
import { buildSpend, certify, type OwnedUtxo } from "../testing/index.js";
import type { CertifiedBlock, Transaction } from "../types/index.js";
import { toHex } from "../types/index.js";
import { silentLogger } from "../util/index.js";
import { assembleProposal } from "./block-proposal.js";
import { checkCandidate } from "./candidate-check.js";

const RUNS = process.env.TIME_FULL_TESTS === "1" ? 60 : 12;
const HEIGHTS = 4;

interface HeightPlan {
  readonly proposer: number;
  /** Bit i: validator i signs the certificate (a quorum is forced below). */
  readonly signerMask: number;
  /** Bit i: operator i's heartbeat is carried, when the rule allows it. */
  readonly heartbeatMask: number;
  readonly spend: boolean;
  readonly extraFee: number;
  readonly skewOutput: number;
}

const planArb: fc.Arbitrary<HeightPlan> = fc.record({
  proposer: fc.integer({ min: 0, max: 3 }),
  signerMask: fc.integer({ min: 0, max: 15 }),
  heartbeatMask: fc.integer({ min: 0, max: 31 }),
  spend: fc.boolean(),
  extraFee: fc.integer({ min: 0, max: 50_000 }),
  skewOutput: fc.nat(),
});

describe("one reward rule for the proposer and the importer", () => {
  it("agree on random chains, and both refuse a reward off by one satoshi", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(planArb, { minLength: HEIGHTS, maxLength: HEIGHTS }), async (plans) => {
        const fx = new ChainFixture("reward-agreement");
        const backend = new MemoryChainBackend({ params: fx.params });
        let time = 0;
        const mempool = new Mempool(
          {},
          { backend, params: fx.params, clock: { now: () => time++ }, logger: silentLogger },
        );
        const chain = new ChainService(fx.options, fx.modules(backend, mempool));
        await chain.init();
        const rng = new SeededRng(plans.length * 7 + 1);
        let coins: OwnedUtxo[] = fx.genesisCoins();
        const recipients = fx.wallet.keys.map((k) => k.address);
        for (const plan of plans) {
          const tip = backend.getTip();
          if (tip === null) throw new Error("no tip");
          const parent = (await backend.getBlockByHeight(tip.height)) as CertifiedBlock;
          // Signers: the chosen validators, topped up to a quorum (Silver, Silver, Bronze, Bronze).
          let signers = fx.validators.filter((_, i) => (plan.signerMask >> i) & 1);
          const weightOf = (i: number) => (i < 2 ? 100 : 10);
          const weight = fx.validators.reduce(
            (w, _, i) => w + ((plan.signerMask >> i) & 1 ? weightOf(i) : 0),
            0,
          );
          if (3 * weight <= 2 * 220) signers = [...fx.validators];
          // Heartbeats only from operators the rule lets a block carry: not the proposer, not a signer of
          // the parent's certificate (those are paid through it).
          const parentVoters = new Set(
            (parent.certificate?.precommits ?? []).map((p) => toHex(p.voterPublicKey)),
          );
          const heartbeatsFrom = fx.operators
            .map((op, i) => ({ op, i }))
            .filter(({ op, i }) => (plan.heartbeatMask >> i) & 1 && !parentVoters.has(toHex(op.publicKey)))
            .filter(({ i }) => i !== plan.proposer)
            .map(({ i }) => i);
          const txs: Transaction[] = [];
          if (plan.spend && coins.length > 0) {
            const input = coins.shift() as OwnedUtxo;
            const tx = buildSpend(fx.params.chainId, [input], recipients, rng, {
              outputCount: 2,
              extraFee: BigInt(plan.extraFee),
            });
            if (tx) txs.push(tx);
          }
          const built = await fx.buildBlock(backend, {
            proposer: plan.proposer,
            signers,
            heartbeatsFrom,
            txs,
          });
          const block = built.block;
          const records = await backend.listMasternodes();
          const registry = registryAt(records);
          const selectionTxs = block.transactions.slice(1);
          const fees = await fx.fees(backend, selectionTxs);
          const proposed = assembleProposal({
            params: fx.params,
            registry,
            previousCertificate: block.previousCertificate,
            selection: { transactions: selectionTxs, txids: selectionTxs.map(transactionId), fees },
            heartbeats: block.heartbeats,
            window: await loadRewardWindow(backend, block.header.height),
            treasuryAddress: fx.options.treasuryAddress,
            header: {
              height: block.header.height,
              round: block.header.round,
              previousHash: block.header.previousHash,
              proposerPublicKey: block.header.proposerPublicKey,
              vrfProof: block.header.vrfProof,
              timestamp: block.header.timestamp,
            },
          });
          expect(toHex(blockHash(proposed.header))).toBe(toHex(blockHash(block.header)));
          const context = {
            params: fx.params,
            chain: backend,
            tip,
            registry,
            treasuryAddress: fx.options.treasuryAddress,
            signatures: ed25519Scheme,
            verifier: verifyAll,
            finalizedSpends: new Map<string, string>(),
          };
          expect(await checkCandidate(proposed, context)).toBeNull();

          // One reward output one satoshi short (more would break the kernel's cap first): a different block, refused by both sides.
          const reward = proposed.transactions[0] as Transaction;
          const skew = plan.skewOutput % reward.outputs.length;
          const skewed = await fx.buildBlock(backend, {
            proposer: plan.proposer,
            signers,
            heartbeatsFrom,
            txs,
            editReward: (outputs) =>
              outputs.map((o, i) => (i === skew ? { ...o, amount: o.amount - 1n } : o)),
          });
          expect(await checkCandidate(skewed.block, context)).toBe("reward: REWARD_MISMATCH");
          await expect(chain.importBlock(skewed)).rejects.toMatchObject({ code: "CHAIN_BAD_REWARD" });

          await chain.importBlock(certify(fx.params.chainId, proposed, signers));
          coins = [...coins, ...txs.flatMap((tx) => fx.coinsOf(tx, block.header.height))];
        }
        expect(backend.getTip()?.height).toBe(BigInt(HEIGHTS));
      }),
      { numRuns: RUNS },
    );
  });

  it("a proposer leaving signers out of the parent's certificate loses bonus and takes no one's share", async () => {
    const fx = new ChainFixture("reward-withholding");
    const backend = new MemoryChainBackend({ params: fx.params });
    const mempool = new Mempool(
      {},
      { backend, params: fx.params, clock: { now: () => 0 }, logger: silentLogger },
    );
    const chain = new ChainService(fx.options, fx.modules(backend, mempool));
    await chain.init();
    // Two blocks signed by every validator (Silver, Silver, Bronze, Bronze).
    for (let i = 0; i < 2; i++) await chain.importBlock(await fx.buildBlock(backend));
    const parent = (await backend.getBlockByHeight(2n)) as CertifiedBlock;
    // The Silver precommits alone (200 of 220) are a valid certificate of the parent.
    const silver = fx.validators.slice(0, 2);
    const thin = certify(fx.params.chainId, parent.block, silver).certificate;
    const honest = await fx.buildBlock(backend, { proposer: 0 });
    const withheld = await fx.buildBlock(backend, { proposer: 0, previousCertificate: thin });
    const paid = (certified: CertifiedBlock, who: { address: Uint8Array }) =>
      (certified.block.transactions[0] as Transaction).outputs.find(
        (o) => toHex(o.address) === toHex(who.address),
      )?.amount ?? 0n;
    const producer = fx.validators[0] as (typeof fx.validators)[number];
    const TIME = 100_000_000n;
    // Honest: 20 + the whole 10 TIME bonus + its 9 TIME Silver share. Withholding: 20 + 10 * 200/220 + 9.
    expect(paid(honest, producer)).toBe(39n * TIME);
    expect(paid(withheld, producer)).toBe(29n * TIME + 909_090_909n);
    // The Bronze validators stay eligible through the window (block 2 carried their precommits).
    for (const bronze of fx.validators.slice(2)) expect(paid(withheld, bronze)).toBe(7n * TIME);
    // Treasury: 5, the empty Gold and Free pools (33), the unearned bonus.
    expect(paid(withheld, fx.treasury)).toBe(38n * TIME + 90_909_091n);
    // It is the valid reward of that block: the chain imports it.
    await chain.importBlock(withheld);
    expect(backend.getTip()?.height).toBe(3n);
  });
});
