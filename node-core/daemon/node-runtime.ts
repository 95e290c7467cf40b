// One running node on a real network: the chain store (LevelDB in the data directory), the libp2p host and
// the node built by the composition root over them, in that order, closed in reverse. The daemon (timed),
// the devnet runner's daemons and the desktop app's node host all start a node through here.
//
// A node without an operator key gets a libp2p key of its own, kept in <datadir>/p2p.key (mode 0600), so
// its peer id survives restarts; a masternode's libp2p key is its operator key.
import { randomBytes } from "node:crypto";
import { chmod, readFile, writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { ecvrfScheme, ed25519Scheme, SeededRng, systemClock, timerScheduler } from "../consensus/index.js";
import { publicKeyFromSeed, type SignatureCheck, VerifyPool, verifyAll } from "../crypto/index.js";
import { CHAIN_DB_DIR, ChainStore } from "../db/index.js";
import { type LoadedGenesis, loadGenesis } from "../genesis/index.js";
import { PROTOCOL_VERSION } from "../network/index.js";
import {
  cachingVerifier,
  cachingVrf,
  createNode,
  LiveTaskRunner,
  type OperatorIdentity,
  type SyncScoreStore,
  type TimeNode,
} from "../node/index.js";
import { P2pHost, type P2pHostOptions, type PeerObserver } from "../p2p/index.js";
import { type NetworkName, type NetworkParams, networkParams, withBlockInterval } from "../params/index.js";

import { toHex } from "../types/index.js";
import type { Logger } from "../util/index.js";

export interface NodeRuntimeOptions {
  readonly network: NetworkName;
  readonly dataDir: string;
  readonly listen: readonly string[];
  readonly bootstrap: readonly string[];
  readonly operator: OperatorIdentity | null;
  /** Devnet only: the TSDC slot length (every devnet node must use the same). */
  readonly blockIntervalMs?: number;
  readonly agent: string;
  readonly p2p?: Partial<Omit<P2pHostOptions, "network" | "listen" | "bootstrap" | "keySeed" | "agent">>;
}

export interface NodeRuntimeModules {
  readonly logger: Logger;
  readonly anomaly?: PeerObserver;
  /** Where the block sync's peer scores persist. */
  readonly syncScores?: SyncScoreStore;
  /** Told as each start-up step ends (daemon/startup-phases.ts), for the start-up timings. */
  readonly phase?: (name: string) => void;
}

export interface NodeRuntime {
  readonly dataDir: string;
  readonly params: NetworkParams;
  readonly genesis: LoadedGenesis;
  readonly store: ChainStore;
  readonly host: P2pHost;
  readonly node: TimeNode;
  readonly startedAt: number;
  /** Closes the node, then the host, then the store; safe to call twice. */
  close(): Promise<void>;
}

const P2P_KEY_FILE = "p2p.key";

/** The libp2p key seed of a node without an operator key, created on first start. */
async function loadOrCreateP2pKey(dataDir: string): Promise<Uint8Array> {
  const file = join(dataDir, P2P_KEY_FILE);
  try {
    const text = (await readFile(file, "utf8")).trim();
    if (/^[0-9a-f]{64}$/.test(text)) return Uint8Array.from(Buffer.from(text, "hex"));
  } catch {
    // Missing: created below. A damaged file is replaced too: the peer id is not an identity anyone relies on.
  }
  const seed = new Uint8Array(randomBytes(32));
  await writeFile(file, `${Buffer.from(seed).toString("hex")}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return seed;
}

/** Signature batches of at least this many checks go to the worker pool. */
const POOL_MIN_BATCH = 32;
const POOL_IDLE_MS = 30_000;

export async function startNodeRuntime(
  opts: NodeRuntimeOptions,
  modules: NodeRuntimeModules,
): Promise<NodeRuntime> {
  const logger = modules.logger;
  const phase = modules.phase ?? (() => {});
  let params = networkParams(opts.network);
  if (opts.blockIntervalMs !== undefined) params = withBlockInterval(params, opts.blockIntervalMs);
  const genesis = await loadGenesis(networkParams(opts.network));
  phase("genesis");
  // One signature cache for the mempool, the candidate checks and block imports: each transaction's
  // signatures are then verified once, not three times (a proposal of 900 transactions took validators
  // past TSDC's timeouts on a loaded devnet and the chain stalled for several rounds).
  // Big batches (a synced block's transactions, a large proposal) are spread over worker threads, so a
  // syncing node verifies on every core; the mempool's one or two signatures per transaction stay on this
  // thread, where a round trip to a worker would cost as much as the check. The pool starts at the first
  // big batch: a node that never syncs or checks a big block never pays for its threads.
  // It has one thread per core besides this one, and closes once idle for POOL_IDLE_MS (each thread holds
  // tens of MB; a node at the tip rarely misses the signature cache).
  let pool: VerifyPool | null = null;
  let poolBatches = 0;
  let idleTimer: NodeJS.Timeout | null = null;
  const armIdleClose = (): void => {
    if (idleTimer !== null) clearTimeout(idleTimer);
    idleTimer = setTimeout(closeIdlePool, POOL_IDLE_MS);
    idleTimer.unref();
  };
  function closeIdlePool(): void {
    idleTimer = null;
    if (pool === null) return;
    if (poolBatches > 0) {
      armIdleClose();
      return;
    }
    // Detached first, so a batch arriving while it closes starts a new pool instead of being refused.
    const idle = pool;
    pool = null;
    idle
      .close()
      .catch((error: unknown) => logger.warn({ err: error }, "closing the idle verify pool failed"));
  }
  const onPool = <T>(work: (p: VerifyPool) => Promise<T>): Promise<T> => {
    pool ??= new VerifyPool({ threads: Math.max(1, availableParallelism() - 1) });
    poolBatches++;
    armIdleClose();
    return work(pool).finally(() => {
      poolBatches--;
    });
  };
  const verifyBySize = (checks: readonly SignatureCheck[]): Promise<boolean[]> | boolean[] => {
    if (checks.length < POOL_MIN_BATCH) return verifyAll(checks);
    return onPool((p) => p.verifyBatch(checks));
  };
  const signatureCache = cachingVerifier(verifyBySize);
  const verifier = signatureCache.verify;
  // Certificates and votes are checked one signature at a time, synchronously: through the same cache, so
  // the precommits a syncing node verified ahead (and the parent's certificate a block carries again) are
  // not verified twice. Proposer proofs likewise go through a cache the sync fills from the pool.
  const signatures = { ...ed25519Scheme, verify: signatureCache.verifyOne };
  const proposerProofs = cachingVrf(ecvrfScheme);
  const store = await ChainStore.open(
    { dataDir: opts.dataDir, params, genesisHash: genesis.hash },
    { verifier },
  );
  phase("store open");
  const closers: { what: string; close: () => Promise<void> }[] = [
    // First in, so closed last: the store's and the node's last checks may still use it.
    {
      what: "verify pool",
      close: async () => {
        if (idleTimer !== null) clearTimeout(idleTimer);
        await pool?.close();
      },
    },
    { what: "store", close: () => store.close() },
  ];
  const closeAll = async (): Promise<void> => {
    for (const { what, close } of closers.reverse()) {
      try {
        await close();
      } catch (error) {
        logger.error({ err: error, what }, `closing the ${what} failed`);
      }
    }
    closers.length = 0;
  };
  try {
    const keySeed = opts.operator?.secret ?? (await loadOrCreateP2pKey(opts.dataDir));
    const host = new P2pHost(
      {
        ...opts.p2p,
        network: opts.network,
        listen: opts.listen,
        bootstrap: opts.bootstrap,
        keySeed,
        agent: opts.agent,
        dataDir: opts.dataDir,
      },
      {
        clock: systemClock,
        scheduler: timerScheduler,
        logger: logger.child({ module: "p2p" }),
        ...(modules.anomaly ? { anomaly: modules.anomaly } : {}),
      },
    );
    const treasury = genesis.block.transactions[0]?.outputs[0]?.address;
    if (treasury === undefined) throw new Error("the genesis block has no treasury output");
    const seed = new Uint8Array(randomBytes(4));
    const node = await createNode(
      {
        params,
        genesis: { block: genesis.block, hash: genesis.hash, treasuryAddress: treasury },
        operator: opts.operator,
        tsdc: {
          chainId: params.chainId,
          blockIntervalMs: params.blockIntervalMs,
          genesisTimestampMs: Number(genesis.block.header.timestamp),
        },
      },
      {
        backend: store,
        clock: systemClock,
        scheduler: timerScheduler,
        rng: new SeededRng(new DataView(seed.buffer).getUint32(0)),
        signatures,
        vrf: proposerProofs.scheme,
        verifier,
        // The import that needs these asks again and reports a failure; here it would be noise.
        prefetchSignatures: (checks) =>
          Promise.resolve(verifier(checks)).then(
            () => undefined,
            () => undefined,
          ),
        prefetchProposerProofs: (checks) =>
          proposerProofs
            .prefetch(checks, (batch) => onPool((p) => p.verifyVrfBatch(batch)))
            .catch(() => undefined),
        transport: host,
        tasks: new LiveTaskRunner(logger.child({ module: "tasks" })),
        logger,
        ...(modules.syncScores ? { syncScores: modules.syncScores } : {}),
      },
    );
    closers.push({ what: "node", close: () => node.close() });
    phase("chain load");
    const follower = node.services.follower;
    host.setStatusSource(() => ({
      kind: "status",
      protocolVersion: PROTOCOL_VERSION,
      chainId: params.chainId,
      genesisHash: genesis.hash,
      height: follower.tipHeight,
      tipHash: follower.tipHash,
    }));
    host.setMasternodeCheck((nodeId) => follower.registry.operators.has(nodeId));
    // The operator's view of progress, one line per block (as Bitcoin Core's UpdateTip).
    node.events.on("chain:block", ({ certified, effects }) => {
      logger.info(
        {
          height: effects.height.toString(),
          hash: toHex(effects.blockHash),
          txs: certified.block.transactions.length,
        },
        "block connected",
      );
    });
    // The host closes after the node (closers run in reverse), so the node's last messages still go out.
    const afterStore = closers.findIndex((c) => c.what === "store") + 1;
    closers.splice(afterStore, 0, { what: "p2p host", close: () => host.stop() });
    await host.start();
    phase("p2p start");
    node.start();
    const startedAt = systemClock.now();
    logger.info(
      {
        network: opts.network,
        dataDir: opts.dataDir,
        store: join(opts.dataDir, CHAIN_DB_DIR),
        height: follower.tipHeight.toString(),
        nodeId: host.nodeId,
        masternode: opts.operator !== null,
      },
      "node started",
    );
    let closing: Promise<void> | null = null;
    return {
      dataDir: opts.dataDir,
      params,
      genesis,
      store,
      host,
      node,
      startedAt,
      close: () => {
        closing ??= closeAll();
        return closing;
      },
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/** The operator identity of a 32-byte ed25519 seed. */
export function operatorFromSeed(secret: Uint8Array): OperatorIdentity {
  return { secret, publicKey: publicKeyFromSeed(secret) };
}
