// TSDC vote relay at node level: three nodes built by createNode on one genesis, over an in-memory network
// with latency, and an equivocating validator (the fourth) played by hand that sends prepare A to one node
// and a conflicting prepare B to another. Relayed votes make the halves meet: every node records the
// equivocation as evidence, honest relayers are not penalised for carrying the conflicting vote, each vote
// is relayed at most once per node, and invalid or duplicate votes are not relayed.
import { describe, expect, it } from "vitest";
import { ChainFixture } from "../chain/fixture.js";
import { blockHash, voteSigningMessage } from "../codec/index.js";
import {
  ACCEPT,
  ecvrfScheme,
  ed25519Scheme,
  reject,
  SeededRng,
  type Verdict,
  VirtualTime,
} from "../consensus/index.js";
import { verifyAll } from "../crypto/index.js";
import { MemoryChainBackend } from "../db/index.js";
import { MessageNet, type TestKey } from "../testing/index.js";
import type { Vote } from "../types/index.js";
import { toHex } from "../types/index.js";
import { silentLogger } from "../util/index.js";
import { createNode, type TimeNode } from "./create-node.js";
import type { NodeMessage } from "./messages.js";
import { LiveTaskRunner } from "./tasks.js";
import type { NodeTransport } from "./transport.js";
import { VOTE_RELAY_FANOUT, VoteRelay } from "./vote-relay.js";

type Handler = (from: string, message: NodeMessage) => Verdict;

/** Every message reaches its receiver after the net's latency; verdicts are recorded per delivery. */
class TestNetwork {
  readonly handlers = new Map<string, Handler>();
  readonly verdicts: { from: string; to: string; message: NodeMessage; verdict: Verdict }[] = [];
  /** TSDC votes put on the wire: sender, receiver, vote. */
  readonly voteSends: { from: string; to: string; vote: Vote }[] = [];
  readonly net: MessageNet;

  constructor(
    readonly time: VirtualTime,
    readonly ids: readonly string[],
  ) {
    this.net = new MessageNet(time, new SeededRng(11), { latencyMs: 20, jitterMs: 10 });
  }

  deliver(from: string, to: string, message: NodeMessage): void {
    const handler = this.handlers.get(to);
    if (handler === undefined) return;
    this.verdicts.push({ from, to, message, verdict: handler(from, message) });
  }

  send(from: string, to: string, message: NodeMessage): void {
    if (message.kind === "tsdc" && message.message.kind === "vote")
      this.voteSends.push({ from, to, vote: message.message.vote });
    this.net.send(() => this.deliver(from, to, message));
  }

  transport(self: string): NodeTransport {
    return {
      peers: () => this.ids,
      send: (to, message) => this.send(self, to, message),
      broadcast: (message) => {
        for (const id of this.ids) if (id !== self) this.send(self, id, message);
      },
      onMessage: (handler) => {
        this.handlers.set(self, handler);
        return () => this.handlers.delete(self);
      },
    };
  }
}

function signedVote(fx: ChainFixture, key: TestKey, hash: Uint8Array, height = 1n, round = 0): Vote {
  const unsigned = {
    phase: "prepare" as const,
    height,
    round,
    blockHash: hash,
    voterPublicKey: key.publicKey,
  };
  return {
    ...unsigned,
    signature: ed25519Scheme.sign(key.seed, voteSigningMessage(fx.params.chainId, unsigned)),
  };
}

/** Runs virtual time in small steps, letting the nodes' store promises settle in between. */
async function run(time: VirtualTime, until: number): Promise<void> {
  while (time.now() < until) {
    time.runUntil(Math.min(until, time.now() + 10));
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe("TSDC vote relay", () => {
  it("makes an equivocator's conflicting votes meet: every node records the evidence", async () => {
    const fx = new ChainFixture("vote-relay");
    const genesisMs = Number(fx.genesis.block.header.timestamp);
    const time = new VirtualTime(genesisMs);
    const [equivocator, ...honest] = fx.validators as [TestKey, ...TestKey[]];
    const ids = fx.validators.map((k) => toHex(k.publicKey));
    const network = new TestNetwork(time, ids);
    const nodes: TimeNode[] = [];
    for (const [i, key] of honest.entries()) {
      const logger = silentLogger;
      const node = await createNode(
        {
          params: fx.params,
          genesis: {
            block: fx.genesis.block,
            hash: blockHash(fx.genesis.block.header),
            treasuryAddress: fx.treasury.address,
          },
          operator: { publicKey: key.publicKey, secret: key.seed },
          tsdc: {
            chainId: fx.params.chainId,
            blockIntervalMs: fx.params.blockIntervalMs,
            genesisTimestampMs: genesisMs,
          },
        },
        {
          backend: new MemoryChainBackend({ params: fx.params }),
          clock: time,
          scheduler: time,
          rng: new SeededRng(100 + i),
          signatures: ed25519Scheme,
          vrf: ecvrfScheme,
          verifier: verifyAll,
          transport: network.transport(toHex(key.publicKey)),
          tasks: new LiveTaskRunner(logger),
          logger,
        },
      );
      nodes.push(node);
    }
    for (const node of nodes) node.start();
    // Height 1 starts at the first slot boundary; the honest weight (120 of 220) cannot certify alone.
    await run(time, genesisMs + fx.params.blockIntervalMs + 50);
    for (const node of nodes) expect(node.services.tsdc!.currentHeight).toBe(1n);

    const equivocatorId = ids[0]!;
    const voteA = signedVote(fx, equivocator, new Uint8Array(32).fill(0xaa));
    const voteB = signedVote(fx, equivocator, new Uint8Array(32));
    const [n1, n2, n3] = nodes as [TimeNode, TimeNode, TimeNode];
    network.deliver(equivocatorId, n1.id!, { kind: "tsdc", message: { kind: "vote", vote: voteA } });
    network.deliver(equivocatorId, n2.id!, { kind: "tsdc", message: { kind: "vote", vote: voteB } });
    // The same vote again and a forged one: neither is relayed.
    network.deliver(equivocatorId, n1.id!, { kind: "tsdc", message: { kind: "vote", vote: voteA } });
    const forged = { ...voteA, round: 0, blockHash: new Uint8Array(32).fill(0xbb) };
    network.deliver(equivocatorId, n3.id!, { kind: "tsdc", message: { kind: "vote", vote: forged } });
    await run(time, time.now() + 500);

    for (const node of nodes) {
      const evidence = node.services
        .tsdc!.evidence()
        .filter((e) => e.kind === "vote" && e.voterId === equivocatorId);
      expect(evidence).toHaveLength(1);
      expect(evidence[0]).toMatchObject({ height: 1n, round: 0, phase: "prepare" });
    }
    // Each node relayed the equivocator's vote it counted and at most one conflicting vote, each once (to
    // at most VOTE_RELAY_FANOUT peers); the duplicate and the forged vote were not relayed.
    for (const node of nodes) {
      const relayed = network.voteSends.filter(
        (s) => s.from === node.id && toHex(s.vote.voterPublicKey) === equivocatorId,
      );
      const distinct = new Set(relayed.map((s) => toHex(s.vote.blockHash)));
      expect(distinct.size).toBeGreaterThanOrEqual(1);
      expect(distinct.size).toBeLessThanOrEqual(2);
      expect(distinct.has(toHex(forged.blockHash))).toBe(false);
      expect(relayed.length).toBeLessThanOrEqual(distinct.size * VOTE_RELAY_FANOUT);
      // Every vote a node relayed at all (its peers' too) went out once.
      const all = network.voteSends.filter(
        (s) => s.from === node.id && toHex(s.vote.voterPublicKey) !== node.id,
      );
      expect(all.length).toBeLessThanOrEqual(node.services.voteRelay!.stats().relayed * VOTE_RELAY_FANOUT);
    }
    // Only the equivocator itself is rejected for its votes; honest relayers are at most ignored.
    const rejected = network.verdicts.filter((v) => v.verdict.verdict === "reject");
    expect(rejected.length).toBeGreaterThan(0);
    expect(rejected.every((v) => v.from === equivocatorId)).toBe(true);
    const relayedConflicts = network.verdicts.filter((v) => v.verdict.reason === "equivocation-relayed");
    expect(relayedConflicts.length).toBeGreaterThan(0);
    for (const node of nodes) await node.close();
  });

  it("caps relays per height and round, forgets old heights, and rejects only the voter's own equivocation", () => {
    const fx = new ChainFixture("vote-relay-unit");
    const sends: string[] = [];
    const relay = new VoteRelay(
      { fanout: 2, selfId: "me" },
      {
        transport: { peers: () => ["me", "p1", "p2", "p3"], send: (to) => sends.push(to) },
        rng: new SeededRng(3),
        validatorCount: () => 1,
      },
    );
    const key = fx.validators[0]!;
    const voter = toHex(key.publicKey);
    const vote = (fill: number, height = 1n, round = 0) => ({
      kind: "vote" as const,
      vote: signedVote(fx, key, new Uint8Array(32).fill(fill), height, round),
    });
    // One validator: at most 4 relays per round (two phases, counted and conflicting).
    for (let i = 1; i <= 6; i++) relay.afterVerdict("p1", vote(i), ACCEPT);
    expect(relay.stats()).toEqual({ relayed: 4, capped: 2 });
    // Never back to the sender or the voter, and to `fanout` peers each.
    expect(sends).toHaveLength(8);
    expect(sends.every((to) => to !== "p1" && to !== "me" && to !== voter)).toBe(true);
    // Another round has its own cap; the same vote twice is relayed once.
    relay.afterVerdict("p1", vote(1, 1n, 1), ACCEPT);
    relay.afterVerdict("p2", vote(1, 1n, 1), ACCEPT);
    expect(relay.stats().relayed).toBe(5);
    // Once height 3 is seen, height 1 is forgotten and not relayed any more.
    relay.afterVerdict("p1", vote(9, 3n), ACCEPT);
    relay.afterVerdict("p1", vote(10, 1n, 2), ACCEPT);
    expect(relay.stats().relayed).toBe(6);
    // Equivocation: rejected when the voter sends it, ignored when a peer relays it; relayed once per slot.
    expect(relay.afterVerdict(voter, vote(11, 3n), reject("equivocation"))).toEqual(reject("equivocation"));
    expect(relay.afterVerdict("p2", vote(12, 3n), reject("equivocation"))).toEqual({
      verdict: "ignore",
      reason: "equivocation-relayed",
    });
    expect(relay.stats().relayed).toBe(7);
    // Other rejections and ignores are passed through and never relayed.
    expect(relay.afterVerdict("p2", vote(13, 3n), reject("bad-signature"))).toEqual(reject("bad-signature"));
    expect(relay.stats().relayed).toBe(7);
  });
});
