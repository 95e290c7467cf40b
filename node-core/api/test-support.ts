// A real node for the API and RPC tests: createNode over an in-memory store on a network's genesis, a
// loopback transport that records what the node sends, virtual time (nothing runs unless a test advances
// it), and the devnet test keys derived from the PUBLIC test mnemonic. close() stops everything.
import { VirtualTime } from "../consensus/index.js";
import { bitsetLength } from "../consensus/snowball/index.js";
import { type ChainBackend, MemoryChainBackend } from "../db/index.js";
import { DEVNET_ACCOUNTS, DEVNET_TEST_MNEMONIC } from "../genesis/generate.js";
import { loadGenesis } from "../genesis/index.js";
import { derivePath, mnemonicToSeed, walletPath } from "../keys/index.js";
import { createNode, type NodeMessage, type NodeTransport, type TimeNode } from "../node/index.js";
import { plainNodeInputs } from "../node/test-support.js";
import type { NetworkControl } from "../p2p/index.js";
import type { NetworkParams } from "../params/index.js";
import { type TestKey, testKeyFromSeed } from "../testing/index.js";
import type { Block, Hash32 } from "../types/index.js";
import { memoryLogger } from "../util/index.js";
import type { ApiContext } from "./context.js";
import { type Api, type ApiOptions, createApi } from "./runtime.js";

export function devnetKey(account: number, index = 0): TestKey {
  return testKeyFromSeed(
    derivePath(mnemonicToSeed(DEVNET_TEST_MNEMONIC), walletPath(account, 0, index)).privateKey,
  );
}

export interface TestGenesis {
  readonly block: Block;
  readonly hash: Hash32;
}

export interface TestApi {
  readonly api: Api;
  readonly node: TimeNode;
  readonly genesis: TestGenesis;
  readonly backend: ChainBackend;
  readonly time: VirtualTime;
  readonly sent: { to: string; message: NodeMessage }[];
  readonly stops: { count: number };
  /** Answers every Snowball query the node sent and no one answered yet, as its validator would: YES to all. */
  answerQueries(): number;
  close(): Promise<void>;
}

export async function startTestApi(
  params: NetworkParams,
  opts: {
    faucet?: boolean;
    api?: ApiOptions;
    network?: NetworkControl;
    /** A store that already holds a chain, and its genesis (default: the network's genesis file, empty store). */
    chain?: { readonly backend: ChainBackend; readonly genesis: TestGenesis };
  } = {},
): Promise<TestApi> {
  const genesis: TestGenesis = opts.chain?.genesis ?? (await loadGenesis(params));
  const backend = opts.chain?.backend ?? new MemoryChainBackend({ params, genesisHash: genesis.hash });
  const time = new VirtualTime(Number(genesis.block.header.timestamp) + 60_000);
  const logger = memoryLogger();
  const sent: { to: string; message: NodeMessage }[] = [];
  let handler: Parameters<NodeTransport["onMessage"]>[0] | null = null;
  let answered = 0;
  const transport: NodeTransport = {
    peers: () => ["peer-a", "peer-b"],
    send: (to, message) => void sent.push({ to, message }),
    broadcast: (message) => void sent.push({ to: "*", message }),
    onMessage: (h) => {
      handler = h;
      return () => {
        handler = null;
      };
    },
  };
  const built = plainNodeInputs({ params, genesis, backend, time, transport, logger });
  const node = await createNode(built.opts, built.modules);
  const faucetKey = devnetKey(DEVNET_ACCOUNTS.faucet);
  const stops = { count: 0 };
  const ctx: ApiContext = {
    node,
    view: backend,
    params,
    genesisHash: genesis.hash,
    network: opts.network ?? null,
    clock: time,
    startedAt: time.now() - 42_000,
    agent: "timecoin-desktop/0.1.0",
    requestStop: () => {
      stops.count++;
    },
    faucet: opts.faucet === false ? null : { secret: faucetKey.seed, publicKey: faucetKey.publicKey },
  };
  const api = await createApi(ctx, opts.api ?? {});
  return {
    api,
    node,
    genesis,
    backend,
    time,
    sent,
    stops,
    answerQueries() {
      let count = 0;
      for (; answered < sent.length; answered++) {
        const { to, message } = sent[answered]!;
        if (message.kind !== "query" || handler === null) continue;
        const bits = new Uint8Array(bitsetLength(message.txids.length)).fill(0xff);
        handler(to, { kind: "reply", requestId: message.requestId, count: message.txids.length, bits });
        count++;
      }
      return count;
    },
    async close() {
      api.close();
      await node.close();
    },
  };
}
