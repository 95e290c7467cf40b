// TSDC engines on a deterministic in-memory network (virtual time, seeded latency/jitter/loss): chains of
// certified blocks with identical hashes everywhere, one block per slot, proposer replacement when the
// first-ranked candidate is crashed or withholds its proposal, recovery from partitions and loss, observers,
// and local block refusal. The first test runs the real ed25519 and ECVRF; the others use the keyed-hash
// stand-ins of test-support.ts (see its header) so that many seeds fit in the default run.
import { describe, expect, it } from "vitest";
import { blockHash } from "../../codec/ids.js";
import { bytesEqual, toHex } from "../../types/bytes.js";
import { ecvrfScheme, ed25519Scheme } from "../schemes.js";
import { chainIsCertified, offlineRanking, TestNetwork, type TestNode } from "./test-support.js";

function expectAgreement(net: TestNetwork, nodes: readonly TestNode[], upTo: bigint): void {
  const reference = nodes[0]!;
  for (const node of nodes) {
    expect(node.height, `node ${node.index} height`).toBeGreaterThanOrEqual(upTo);
    for (let h = 0; h <= Number(upTo); h++) {
      expect(node.hashes[h], `node ${node.index} block ${h}`).toBe(reference.hashes[h]);
    }
    expect(chainIsCertified(node, net), `node ${node.index} certificates`).toBe(true);
  }
  expect(net.violations()).toEqual([]);
}

/** Runs `body` and prints the seed when it fails (randomized tests). */
async function withSeed(seed: number, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    throw new Error(`failed with seed ${seed}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}

describe("TSDC engine on an in-memory network", () => {
  it("4 equal validators with real ed25519 and ECVRF certify one block per slot, identical everywhere", async () => {
    const net = new TestNetwork({
      seed: 1,
      weights: [10, 10, 10, 10],
      schemes: { signatures: ed25519Scheme, vrf: ecvrfScheme },
    });
    net.start();
    expect(await net.runUntilHeight(5n, 30_000)).toBe(true);
    expectAgreement(net, net.nodes, 5n);
    const chain = net.nodes[0]!.chain;
    for (let h = 1; h <= 5; h++) {
      const { block, certificate } = chain[h]!;
      // No timeouts on a healthy network: round 0, and height h in slot h (genesis is slot 0).
      expect(block.header.round).toBe(0);
      expect(block.header.timestamp).toBe(BigInt(net.genesisTimestampMs + h * net.blockIntervalMs));
      expect(certificate!.precommits.length).toBeGreaterThanOrEqual(3);
      // The proposer is the best-ranked validator of round 0.
      const ranking = offlineRanking(
        net.validators,
        net.votingSet,
        net.schemes,
        net.chainId,
        BigInt(h),
        blockHash(chain[h - 1]!.block.header),
        0,
      );
      expect(toHex(block.header.proposerPublicKey)).toBe(ranking[0]!.validator.id);
      // Each block (from height 2) carries its parent's certificate.
      if (h >= 2) expect(block.previousCertificate?.blockHash).toEqual(blockHash(chain[h - 1]!.block.header));
    }
    for (const node of net.nodes) expect(node.engine.evidence()).toEqual([]);
  });

  it("a weighted set (3 silver, 3 bronze) certifies with stake-weighted proposers", async () => {
    const net = new TestNetwork({ seed: 5, weights: [100, 100, 100, 10, 10, 10], label: "weighted" });
    net.start();
    expect(await net.runUntilHeight(30n, 120_000)).toBe(true);
    expectAgreement(net, net.nodes, 30n);
    const proposers = new Map<string, number>();
    for (const { block } of net.nodes[0]!.chain.slice(1, 31)) {
      const id = toHex(block.header.proposerPublicKey);
      proposers.set(id, (proposers.get(id) ?? 0) + 1);
    }
    // Silver (weight 100 each) should propose most blocks: P(bronze) = 30/330 per block.
    const silverIds = new Set(net.validators.filter((v) => v.weight === 100).map((v) => v.id));
    const bySilver = [...proposers].filter(([id]) => silverIds.has(id)).reduce((s, [, n]) => s + n, 0);
    expect(bySilver).toBeGreaterThanOrEqual(22);
  });

  it("a crashed first-ranked proposer is replaced by the next-ranked one in the same round (real crypto)", async () => {
    const net = new TestNetwork({
      seed: 2,
      weights: [10, 10, 10, 10],
      label: "crash",
      schemes: { signatures: ed25519Scheme, vrf: ecvrfScheme },
    });
    const genesisHash = blockHash(net.genesis.header);
    const ranking = offlineRanking(
      net.validators,
      net.votingSet,
      net.schemes,
      net.chainId,
      1n,
      genesisHash,
      0,
    );
    const first = net.validators.findIndex((v) => v.id === ranking[0]!.validator.id);
    net.crash(first);
    net.start();
    expect(await net.runUntilHeight(3n, 30_000)).toBe(true);
    const live = net.nodes.filter((n) => !n.crashed);
    expectAgreement(net, live, 3n);
    const block1 = live[0]!.chain[1]!.block;
    expect(block1.header.round).toBe(0);
    expect(toHex(block1.header.proposerPublicKey)).toBe(ranking[1]!.validator.id);
    // Every later block too: round 0, by the best-ranked live validator.
    for (let h = 2; h <= 3; h++) {
      const block = live[0]!.chain[h]!.block;
      const r = offlineRanking(
        net.validators,
        net.votingSet,
        net.schemes,
        net.chainId,
        BigInt(h),
        block.header.previousHash,
        0,
      ).filter((d) => d.validator.id !== net.validators[first]!.id);
      expect(block.header.round).toBe(0);
      expect(toHex(block.header.proposerPublicKey)).toBe(r[0]!.validator.id);
    }
  });

  it("a validator that sends its candidacy but never proposes costs exactly the rounds it leads", async () => {
    for (const seed of [3, 4, 5]) {
      await withSeed(seed, async () => {
        const net = new TestNetwork({
          seed,
          weights: [10, 10, 10, 10],
          label: `withhold-${seed}`,
          behaviours: ["no-proposal", "honest", "honest", "honest"],
        });
        net.start();
        expect(await net.runUntilHeight(25n, 200_000)).toBe(true);
        const honest = net.honestNodes();
        expectAgreement(net, honest, 25n);
        const silentId = net.validators[0]!.id;
        let replaced = 0;
        for (let h = 1; h <= 25; h++) {
          const block = honest[0]!.chain[h]!.block;
          let round = 0;
          let best = offlineRanking(
            net.validators,
            net.votingSet,
            net.schemes,
            net.chainId,
            BigInt(h),
            block.header.previousHash,
            0,
          )[0]!;
          while (best.validator.id === silentId) {
            round++;
            best = offlineRanking(
              net.validators,
              net.votingSet,
              net.schemes,
              net.chainId,
              BigInt(h),
              block.header.previousHash,
              round,
            )[0]!;
          }
          if (round > 0) replaced++;
          expect(block.header.round, `height ${h}`).toBe(round);
          expect(toHex(block.header.proposerPublicKey), `height ${h}`).toBe(best.validator.id);
        }
        expect(replaced).toBeGreaterThan(0);
      });
    }
  });

  it("keeps going with one of four crashed, and a restarted node catches up from certified blocks", async () => {
    const net = new TestNetwork({ seed: 9, weights: [10, 10, 10, 10], label: "restart" });
    net.crash(3);
    net.start();
    expect(await net.runUntilHeight(6n, 60_000)).toBe(true);
    expect(net.nodes[3]!.height).toBe(0n);
    net.restart(3);
    expect(await net.runUntilHeight(12n, 60_000)).toBe(true);
    expectAgreement(net, net.nodes, 12n);
    // The restarted node imported what it missed, then took part again.
    expect(net.nodes[3]!.committedHere.size).toBeGreaterThan(0);
  });

  it("a 2/2 partition halts without forking and resumes after it heals", async () => {
    const net = new TestNetwork({ seed: 12, weights: [10, 10, 10, 10], label: "partition" });
    net.start();
    expect(await net.runUntilHeight(3n, 30_000)).toBe(true);
    net.filter = (from, to) => from < 2 !== to < 2;
    await net.runFor(20_000);
    const stalled = net.nodes.map((n) => n.height);
    expect(Math.max(...stalled.map(Number))).toBeLessThanOrEqual(4); // at most the height in flight
    net.filter = null;
    expect(await net.runUntilHeight(BigInt(Math.max(...stalled.map(Number)) + 4), 60_000)).toBe(true);
    expectAgreement(net, net.nodes, BigInt(Math.max(...stalled.map(Number)) + 4));
  });

  it("makes progress with 10% message loss and lossy re-sends, without forks", async () => {
    for (const seed of [21, 22]) {
      await withSeed(seed, async () => {
        const net = new TestNetwork({
          seed,
          weights: [10, 10, 10, 10, 10, 10, 10],
          loss: 0.1,
          label: `loss-${seed}`,
        });
        net.start();
        expect(await net.runUntilHeight(15n, 300_000)).toBe(true);
        expectAgreement(net, net.nodes, 15n);
      });
    }
  });

  it("an observer (no vote) follows the chain and builds the same certificates' blocks", async () => {
    const net = new TestNetwork({ seed: 4, weights: [10, 10, 10, 10], observers: 1, label: "observer" });
    net.start();
    expect(await net.runUntilHeight(6n, 60_000)).toBe(true);
    expectAgreement(net, net.nodes, 6n);
    const observer = net.nodes[4]!;
    expect(observer.validator).toBeNull();
    // It decided blocks through its own engine (from the validators' precommits), not only by import.
    expect(observer.committedHere.size).toBeGreaterThan(0);
    for (const [height, hex] of observer.committedHere)
      expect(net.nodes[0]!.hashes[Number(height)]).toBe(hex);
  });

  it("a validator refusing a proposer's blocks prepares nil for them; the others still certify", async () => {
    let refusedKey: Uint8Array = new Uint8Array(32);
    const net: TestNetwork = new TestNetwork({
      seed: 6,
      weights: [10, 10, 10, 10],
      label: "refuse",
      reject: (node, block): string | null =>
        node === 0 && bytesEqual(block.header.proposerPublicKey, refusedKey)
          ? "conflicts with a transaction I finalized"
          : null,
    });
    refusedKey = net.validators[1]!.publicKey;
    const rejected: string[] = [];
    net.nodes[0]!.engine.on("rejectedBlock", (e) => rejected.push(e.reason));
    net.start();
    expect(await net.runUntilHeight(12n, 120_000)).toBe(true);
    expectAgreement(net, net.nodes, 12n);
    const byRefused = net.nodes[0]!.chain.slice(1, 13).filter((c) =>
      bytesEqual(c.block.header.proposerPublicKey, net.validators[1]!.publicKey),
    );
    expect(byRefused.length).toBeGreaterThan(0);
    expect(rejected).toContain("conflicts with a transaction I finalized");
    for (const { certificate } of byRefused) {
      const voters = certificate!.precommits.map((p) => toHex(p.voterPublicKey));
      expect(voters).not.toContain(net.validators[0]!.id);
    }
  });
});
