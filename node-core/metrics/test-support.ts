// Test support (never imported by product code): a real node built by createNode over a MemoryChainBackend
// on the chain fixture's genesis (four validators whose keys the test holds), on virtual time, behind a
// loopback transport whose far side is the test: it delivers certified blocks the fixture builds, as a peer
// would, and answers the node's Snowball queries YES from the validators queried, so blocks connect and
// transactions finalize through the node's own code paths.
import { ChainFixture } from "../chain/fixture.js";
import { ChainService } from "../chain/index.js";
import { blockHash } from "../codec/index.js";
import { ecvrfScheme, ed25519Scheme, VirtualTime } from "../consensus/index.js";
import { verifyAll } from "../crypto/index.js";
import { MemoryChainBackend } from "../db/index.js";
import { Mempool } from "../mempool/index.js";
import {
  createNode,
  LiveTaskRunner,
  type NodeMessage,
  type NodeTransport,
  type TimeNode,
} from "../node/index.js";
import { buildSpend, type OwnedUtxo, SeededRng } from "../testing/index.js";
import type { CertifiedBlock, Transaction } from "../types/index.js";
import { toHex } from "../types/index.js";
import { memoryLogger, silentLogger } from "../util/index.js";

export interface NodeRig {
  readonly fx: ChainFixture;
  readonly node: TimeNode;
  readonly backend: MemoryChainBackend;
  readonly time: VirtualTime;
  readonly logger: ReturnType<typeof memoryLogger>;
  /** Builds the next block on the source chain (with `txs`), delivers it from a validator and waits for it. */
  nextBlock(txs?: readonly Transaction[]): Promise<CertifiedBlock>;
  /** A spend of the next unspent genesis coin. */
  spend(): Transaction;
  /** Moves virtual time in small steps, letting the node's promises settle between them. */
  advance(ms: number): Promise<void>;
  close(): Promise<void>;
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

export async function nodeRig(label: string): Promise<NodeRig> {
  const fx = new ChainFixture(label);
  const genesisHash = blockHash(fx.genesis.block.header);
  // The source chain: the blocks the validators certify, built and checked by the real chain service.
  const sourceBackend = new MemoryChainBackend({ params: fx.params });
  const sourcePool = new Mempool(
    {},
    { backend: sourceBackend, params: fx.params, clock: fx.clock, logger: silentLogger },
  );
  const source = new ChainService(fx.options, fx.modules(sourceBackend, sourcePool));
  await source.init();

  const validatorIds = fx.validators.map((v) => toHex(v.publicKey));
  const time = new VirtualTime(Number(fx.genesis.block.header.timestamp));
  let handler: Parameters<NodeTransport["onMessage"]>[0] | null = null;
  const deliver = (from: string, message: NodeMessage) => handler?.(from, message);
  const transport: NodeTransport = {
    peers: () => validatorIds,
    send: (to, message) => {
      // The validators know every transaction: each query is answered YES after a 20 ms round trip.
      if (message.kind !== "query") return;
      const bits = new Uint8Array((message.txids.length + 7) >> 3).fill(0xff);
      time.after(20, () =>
        deliver(to, { kind: "reply", requestId: message.requestId, count: message.txids.length, bits }),
      );
    },
    broadcast: () => {},
    onMessage: (h) => {
      handler = h;
      return () => {
        handler = null;
      };
    },
  };
  const logger = memoryLogger();
  const backend = new MemoryChainBackend({ params: fx.params, genesisHash });
  const node = await createNode(
    {
      params: fx.params,
      genesis: { block: fx.genesis.block, hash: genesisHash, treasuryAddress: fx.treasury.address },
      operator: null,
      tsdc: {
        chainId: fx.params.chainId,
        blockIntervalMs: fx.params.blockIntervalMs,
        genesisTimestampMs: Number(fx.genesis.block.header.timestamp),
      },
    },
    {
      backend,
      clock: time,
      scheduler: time,
      rng: new SeededRng(7),
      signatures: ed25519Scheme,
      vrf: ecvrfScheme,
      verifier: verifyAll,
      transport,
      tasks: new LiveTaskRunner(logger),
      logger,
    },
  );
  node.start();

  const advance = async (ms: number): Promise<void> => {
    const end = time.now() + ms;
    while (time.now() < end) {
      time.runUntil(Math.min(end, time.now() + 50));
      await settle();
    }
  };

  const coins: OwnedUtxo[] = fx.genesisCoins();
  const rng = new SeededRng(11);
  const recipients = fx.wallet.keys.map((k) => k.address);

  return {
    fx,
    node,
    backend,
    time,
    logger,
    async nextBlock(txs = []) {
      const certified = await fx.buildBlock(sourceBackend, { txs });
      await source.importBlock(certified);
      const height = certified.block.header.height;
      // The block's slot has begun on the node's clock, as it would have when a validator sent it.
      const ts = Number(certified.block.header.timestamp);
      if (time.now() < ts) await advance(ts - time.now());
      deliver(validatorIds[0] as string, { kind: "block", block: certified });
      for (let i = 0; i < 200 && (backend.getTip()?.height ?? -1n) < height; i++) await advance(50);
      if (backend.getTip()?.height !== height) throw new Error(`the node did not connect block ${height}`);
      return certified;
    },
    spend() {
      const input = coins.shift();
      if (input === undefined) throw new Error("no genesis coin left");
      const tx = buildSpend(fx.params.chainId, [input], recipients, rng, { outputCount: 2 });
      if (!tx) throw new Error("the coin is too small to spend");
      return tx;
    },
    advance,
    async close() {
      await node.close();
      await source.close();
      sourcePool.close();
    },
  };
}
