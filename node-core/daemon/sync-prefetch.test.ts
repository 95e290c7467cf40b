// A syncing node verifies each block's block-only checks ahead (proposer proof, both certificates'
// precommits, transaction signatures) and imports a block only once its own checks are back, in height
// order whatever order they come back in; a prefetch that fails does not stop the import. With the daemon's
// caching VRF scheme fed by a real verify pool, the imports themselves do no VRF work. Real certified
// blocks (the prebuilt devnet chain), the composition root over an in-memory store, a scripted peer.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ecvrfScheme, VirtualTime, type VrfScheme } from "../consensus/index.js";
import { type SignatureCheck, VerifyPool, type VrfCheck } from "../crypto/index.js";
import { ChainStore, MemoryChainBackend } from "../db/index.js";
import { buildDevnetChain } from "../devnet/index.js";
import { loadGenesis } from "../genesis/index.js";
import {
  cachingVrf,
  createNode,
  LiveTaskRunner,
  type NodeModules,
  type NodeTransport,
} from "../node/index.js";
import type { NodeMessage } from "../node/messages.js";
import { plainNodeInputs } from "../node/test-support.js";
import { DEVNET, withBlockInterval } from "../params/index.js";
import type { CertifiedBlock } from "../types/index.js";
import { toHex } from "../types/index.js";
import { memoryLogger } from "../util/index.js";

const BLOCKS = 8;
const BLOCK_INTERVAL_MS = 2_000;
const params = withBlockInterval(DEVNET, BLOCK_INTERVAL_MS);

let dataDir = "";
const blocks: CertifiedBlock[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "time-sync-prefetch-"));
  await buildDevnetChain({ dataDir, blocks: BLOCKS, blockIntervalMs: BLOCK_INTERVAL_MS, txsPerBlock: 2 });
  const genesis = await loadGenesis(params);
  const store = await ChainStore.open({ dataDir, params, genesisHash: genesis.hash });
  try {
    for (let h = 1n; h <= BigInt(BLOCKS); h++) {
      const certified = await store.getBlockByHeight(h);
      if (certified === null) throw new Error(`block ${h} is missing`);
      blocks.push(certified);
    }
  } finally {
    await store.close();
  }
}, 120_000);

afterAll(async () => {
  if (dataDir !== "") await rm(dataDir, { recursive: true, force: true });
});

interface Deferred {
  readonly promise: Promise<void>;
  resolve(): void;
  reject(error: Error): void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A node over an empty store whose one peer (peer-a) is scripted by the test. */
async function syncingNode(extra: Partial<NodeModules>) {
  const genesis = await loadGenesis(params);
  const backend = new MemoryChainBackend({ params, genesisHash: genesis.hash });
  const logger = memoryLogger();
  const last = blocks[blocks.length - 1] as CertifiedBlock;
  const time = new VirtualTime(Number(last.block.header.timestamp) + 500);
  let handler: Parameters<NodeTransport["onMessage"]>[0] | null = null;
  const sent: { to: string; message: NodeMessage }[] = [];
  const transport: NodeTransport = {
    peers: () => ["peer-a"],
    send: (to, message) => sent.push({ to, message }),
    broadcast: () => {},
    onMessage: (h) => {
      handler = h;
      return () => {
        handler = null;
      };
    },
  };
  const tasks = new LiveTaskRunner(logger);
  const built = plainNodeInputs({ params, genesis, backend, time, transport, logger, tasks, extra });
  const node = await createNode(built.opts, built.modules);
  node.start();
  const deliver = (message: NodeMessage) => {
    if (handler === null) throw new Error("the node does not listen");
    return handler("peer-a", message);
  };
  // The peer says it is at the tip; the node asks it for the range, and the peer answers with the blocks.
  deliver({
    kind: "status",
    protocolVersion: 1,
    chainId: params.chainId,
    genesisHash: genesis.hash,
    height: BigInt(BLOCKS),
    tipHash: blocks[BLOCKS - 1]?.certificate?.blockHash ?? new Uint8Array(32),
  });
  const settle = async () => {
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    await tasks.idle();
  };
  const close = async () => {
    await node.close();
    await tasks.idle();
  };
  return { node, backend, sent, deliver, settle, close, logger };
}

describe("sync prefetch", () => {
  it("imports a block only once its checks are back, in height order, even when they come back reversed", async () => {
    const proofs: VrfCheck[][] = [];
    const signatureBatches: SignatureCheck[][] = [];
    const gates: Deferred[] = [];
    const s = await syncingNode({
      prefetchProposerProofs: (checks) => {
        proofs.push([...checks]);
        return Promise.resolve();
      },
      prefetchSignatures: (checks) => {
        signatureBatches.push([...checks]);
        const gate = deferred();
        gates.push(gate);
        return gate.promise;
      },
    });
    try {
      const asked = s.sent.find((m) => m.message.kind === "getBlocks");
      expect(asked?.message).toMatchObject({ kind: "getBlocks", fromHeight: 1n });
      s.deliver({ kind: "blocks", blocks });
      await s.settle();
      // One proof and one signature batch per block, asked for at once; nothing imported yet.
      expect(proofs).toHaveLength(BLOCKS);
      expect(signatureBatches).toHaveLength(BLOCKS);
      expect(proofs.map((p) => toHex(p[0]?.proof ?? new Uint8Array()))).toEqual(
        blocks.map((b) => toHex(b.block.header.vrfProof)),
      );
      // Each block's batch holds its certificate's precommits, the carried parent certificate's (block 2
      // onwards) and every transaction input's signature.
      blocks.forEach((b, i) => {
        const got = new Set((signatureBatches[i] ?? []).map((c) => toHex(c.signature)));
        const want = [
          ...(b.certificate?.precommits ?? []).map((p) => p.signature),
          ...(b.block.previousCertificate?.precommits ?? []).map((p) => p.signature),
          ...b.block.transactions.slice(1).flatMap((tx) => tx.inputs.map((input) => input.signature)),
        ];
        expect(want.length).toBeGreaterThan(i === 0 ? 2 : 5);
        for (const signature of want) expect(got.has(toHex(signature))).toBe(true);
      });
      expect(s.backend.getTip()?.height).toBe(0n);
      // The last block's checks come back first: still nothing, since block 1 is not ready.
      gates[BLOCKS - 1]?.resolve();
      await s.settle();
      expect(s.backend.getTip()?.height).toBe(0n);
      // Block 1 ready: block 1 imports, and no further.
      gates[0]?.resolve();
      await s.settle();
      expect(s.backend.getTip()?.height).toBe(1n);
      // A prefetch that fails only leaves the work to the import.
      gates[1]?.reject(new Error("pool closed"));
      await s.settle();
      expect(s.backend.getTip()?.height).toBe(2n);
      for (const gate of gates.slice(2)) gate.resolve();
      await s.settle();
      expect(s.backend.getTip()?.height).toBe(BigInt(BLOCKS));
      expect(toHex(s.backend.getTip()?.hash ?? new Uint8Array())).toBe(
        toHex(blocks[BLOCKS - 1]?.certificate?.blockHash ?? new Uint8Array()),
      );
    } finally {
      await s.close();
    }
    expect(s.logger.entries.filter((e) => e.level === "error" || e.level === "fatal")).toEqual([]);
  }, 60_000);

  it("with the daemon's caching scheme fed by a verify pool, the imports do no VRF work of their own", async () => {
    let inline = 0;
    const counting: VrfScheme = {
      ...ecvrfScheme,
      verify(publicKey, proof, alpha) {
        inline++;
        return ecvrfScheme.verify(publicKey, proof, alpha);
      },
    };
    const proofs = cachingVrf(counting);
    const pool = new VerifyPool({ threads: 1 });
    const s = await syncingNode({
      vrf: proofs.scheme,
      prefetchProposerProofs: (checks) => proofs.prefetch(checks, (batch) => pool.verifyVrfBatch(batch)),
    });
    try {
      s.deliver({ kind: "blocks", blocks });
      for (let i = 0; i < 50 && s.backend.getTip()?.height !== BigInt(BLOCKS); i++) {
        await s.settle();
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(s.backend.getTip()?.height).toBe(BigInt(BLOCKS));
      expect(inline).toBe(0);
      expect(proofs.hits).toBeGreaterThanOrEqual(BLOCKS);
    } finally {
      await s.close();
      await pool.close();
    }
  }, 60_000);
});
