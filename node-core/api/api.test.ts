// The method table called directly (no transport) on a real node over the devnet genesis: chain reads,
// blocks at each verbosity, positional and named params, validation failures, raw transactions and their
// admission (a valid spend of a genesis allocation and invalid ones), finality, the address index, the
// faucet (devnet) and its refusal (testnet), and the control methods.
import { afterEach, describe, expect, it } from "vitest";
import { encodeBlock, encodeBlockHeader, encodeTransaction, transactionId } from "../codec/index.js";
import { MemoryChainBackend } from "../db/index.js";
import { DEVNET_ACCOUNTS } from "../genesis/generate.js";
import { encodeAddress } from "../keys/index.js";
import type { BanEntry, NetworkControl } from "../p2p/index.js";
import { DEVNET, TESTNET } from "../params/index.js";
import { signTransaction, TestChain } from "../testing/index.js";
import type { Transaction } from "../types/index.js";
import { formatTime, parseTime, SAT_PER_TIME, toHex } from "../types/index.js";
import { ApiError } from "./errors.js";
import { subscribeApiEvent } from "./events.js";
import { devnetKey, startTestApi, type TestApi } from "./test-support.js";

const running: TestApi[] = [];
afterEach(async () => {
  for (const t of running.splice(0)) await t.close();
});

async function start(params = DEVNET, opts: Parameters<typeof startTestApi>[1] = {}): Promise<TestApi> {
  const t = await startTestApi(params, opts);
  running.push(t);
  return t;
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

/** A signed spend of the treasury's genesis allocation (1,000 TIME) paying `to` 100 TIME. */
function treasurySpend(t: TestApi, fee = 10_000n): Transaction {
  const key = devnetKey(DEVNET_ACCOUNTS.treasury);
  const allocation = t.genesis.block.transactions[0]!;
  expect(toHex(allocation.outputs[0]!.address)).toBe(toHex(key.address));
  const to = devnetKey(DEVNET_ACCOUNTS.payout, 7).address;
  const unsigned: Transaction = {
    version: 1,
    inputs: [
      {
        prevout: { txid: transactionId(allocation), index: 0 },
        publicKey: key.publicKey,
        signature: new Uint8Array(64),
      },
    ],
    outputs: [
      { amount: 100n * SAT_PER_TIME, address: to },
      { amount: allocation.outputs[0]!.amount - 100n * SAT_PER_TIME - fee, address: key.address },
    ],
    lockTime: 0n,
    special: null,
  };
  return signTransaction(DEVNET.chainId, unsigned, [key]);
}

describe("the API method table", () => {
  it("reads the chain and the genesis block at each verbosity, by position or by name", async () => {
    const t = await start();
    const hash = toHex(t.genesis.hash);
    expect(await t.api.call("getblockcount")).toBe(0);
    expect(await t.api.call("getbestblockhash", [])).toBe(hash);
    expect(await t.api.call("getblockhash", [0])).toBe(hash);
    expect(await t.api.call("getblockhash", { height: 0 })).toBe(hash);
    expect(await t.api.call("getblockchaininfo")).toMatchObject({
      chain: "devnet",
      chainId: 3,
      blocks: 0,
      bestblockhash: hash,
      genesishash: hash,
    });
    const hex = await t.api.call("getblock", [hash, 0]);
    expect(hex).toBe(toHex(encodeBlock(t.genesis.block)));
    expect(await t.api.call("getblock", { blockhash: hash, verbosity: false })).toBe(hex);
    const txids = t.genesis.block.transactions.map((tx) => toHex(transactionId(tx)));
    const v1 = (await t.api.call("getblock", [hash])) as Record<string, unknown>;
    expect(v1).toMatchObject({
      hash,
      height: 0,
      confirmations: 1,
      ntx: txids.length,
      tx: txids,
      certificate: null,
    });
    expect(await t.api.call("getblock", { blockhash: hash, verbosity: 1 })).toEqual(v1);
    const v2 = (await t.api.call("getblock", [hash, 2])) as {
      tx: { txid: string; vout: { value: string; address: string }[] }[];
    };
    expect(v2.tx.map((tx) => tx.txid)).toEqual(txids);
    expect(v2.tx[0]!.vout[1]).toEqual({
      n: 1,
      value: "10000000",
      address: "TIME03C6MkZwq19UNUcMRkvKmJkN1tpj9XyyK4",
    });
    expect(await t.api.call("getblockheader", [hash, false])).toBe(
      toHex(encodeBlockHeader(t.genesis.block.header)),
    );
    expect(await t.api.call("getblockheader", [hash])).toMatchObject({
      hash,
      height: 0,
      nextblockhash: null,
    });
    // JSON-safe all the way down: no bigint, no bytes.
    expect(JSON.parse(JSON.stringify(v2))).toEqual(v2);

    const summary = (await t.api.call("gettxoutsetinfo")) as { txouts: number; total_amount: string };
    expect(summary.txouts).toBe(6);
    expect(summary.total_amount).toBe("10005000");
  });

  it("refuses unknown methods and bad params with the JSON-RPC codes", async () => {
    const t = await start();
    const unknown = await failure(t.api.call("getblok", []));
    expect([unknown.code, unknown.rpcCode]).toEqual(["API_METHOD_NOT_FOUND", -32601]);
    expect((await failure(t.api.call("toString", []))).rpcCode).toBe(-32601);
    const range = await failure(t.api.call("getblockhash", [1]));
    expect([range.rpcCode, range.message]).toEqual([-8, "block height out of range"]);
    for (const params of [[-1], ["0"], [1.5], [], { heigth: 0 }, [0, 1]] as unknown[]) {
      const e = await failure(t.api.call("getblockhash", params));
      expect(e.rpcCode).toBe(-32602);
    }
    const bad = await failure(t.api.call("getblock", [toHex(t.genesis.hash), 3]));
    expect(bad.data.param).toBe("verbosity");
    expect((await failure(t.api.call("getblock", ["zz"]))).data.param).toBe("blockhash");
    const missing = await failure(t.api.call("getblock", [toHex(new Uint8Array(32))]));
    expect([missing.rpcCode, missing.message]).toEqual([-5, "block not found"]);
    expect((await failure(t.api.call("getblockcount", "x"))).rpcCode).toBe(-32602);
    const proto = JSON.parse('{"__proto__": {"height": 0}}') as unknown;
    expect((await failure(t.api.call("getblockhash", proto))).rpcCode).toBe(-32602);
  });

  it("creates, decodes and submits raw transactions; refused ones carry the kernel's reason", async () => {
    const t = await start();
    const allocation = toHex(transactionId(t.genesis.block.transactions[0]!));
    const to = encodeAddress(devnetKey(DEVNET_ACCOUNTS.payout, 9).address, DEVNET);
    const raw = (await t.api.call("createrawtransaction", [
      [{ txid: allocation, vout: 0 }],
      { [to]: "12.5" },
    ])) as string;
    const decoded = (await t.api.call("decoderawtransaction", [raw])) as { vin: unknown[]; vout: unknown[] };
    expect(decoded.vin).toEqual([
      expect.objectContaining({ txid: allocation, vout: 0, signature: "00".repeat(64) }),
    ]);
    expect(decoded.vout).toEqual([{ n: 0, value: "12.5", address: to }]);
    const wrongNet = encodeAddress(devnetKey(0).address, "1");
    expect(
      (
        await failure(
          t.api.call("createrawtransaction", [[{ txid: allocation, vout: 0 }], { [wrongNet]: 1 }]),
        )
      ).rpcCode,
    ).toBe(-5);
    expect(
      (
        await failure(
          t.api.call("createrawtransaction", [[{ txid: allocation, vout: 0 }], { [to]: "1.123456789" }]),
        )
      ).rpcCode,
    ).toBe(-32602);
    expect((await failure(t.api.call("decoderawtransaction", ["00"]))).rpcCode).toBe(-22);
    // The unsigned transaction is refused: its witness key is not the owner's.
    const unsigned = await failure(t.api.call("sendrawtransaction", [raw]));
    expect([unsigned.rpcCode, unsigned.data.reason]).toEqual([-26, "TX_PUBKEY_MISMATCH"]);

    const tx = treasurySpend(t);
    const txid = toHex(transactionId(tx));
    const forged = { ...tx, inputs: [{ ...tx.inputs[0]!, signature: new Uint8Array(64).fill(1) }] };
    const badSig = await failure(t.api.call("sendrawtransaction", [toHex(encodeTransaction(forged))]));
    expect([badSig.rpcCode, badSig.data.reason]).toEqual([-26, "TX_BAD_SIGNATURE"]);
    const noInput = {
      ...tx,
      inputs: [{ ...tx.inputs[0]!, prevout: { txid: new Uint8Array(32).fill(7), index: 0 } }],
    };
    const missing = await failure(
      t.api.call("sendrawtransaction", [
        toHex(encodeTransaction(signTransaction(DEVNET.chainId, noInput, [devnetKey(0)]))),
      ]),
    );
    expect([missing.rpcCode, missing.data.reason]).toEqual([-25, "TX_MISSING_INPUT"]);
    const cheap = await failure(
      t.api.call("sendrawtransaction", [toHex(encodeTransaction(treasurySpend(t, 1n)))]),
    );
    expect(cheap.data.reason).toBe("TX_FEE_TOO_LOW");
    expect(t.node.services.mempool.size).toBe(0);

    expect(await t.api.call("sendrawtransaction", [toHex(encodeTransaction(tx))])).toBe(txid);
    expect(t.node.services.mempool.has(txid)).toBe(true);
    expect(t.node.services.snowball.hasTransaction(transactionId(tx))).toBe(true);
    expect(t.sent.some((s) => s.message.kind === "txs")).toBe(true);
    // Again: already in the pool is not an error.
    expect(await t.api.call("sendrawtransaction", { hexstring: toHex(encodeTransaction(tx)) })).toBe(txid);

    expect(await t.api.call("getrawmempool")).toEqual([txid]);
    expect(await t.api.call("getrawmempool", [true])).toMatchObject({
      [txid]: { fee: "0.0001", final: false },
    });
    expect(await t.api.call("getmempoolinfo")).toMatchObject({ size: 1, final: 0, total_fee: "0.0001" });
    expect(await t.api.call("getrawtransaction", [txid])).toBe(toHex(encodeTransaction(tx)));
    expect(await t.api.call("getrawtransaction", [txid, true])).toMatchObject({
      txid,
      in_mempool: true,
      confirmations: 0,
    });
    expect(await t.api.call("gettxout", [allocation, 0])).toBeNull();
    expect(await t.api.call("gettxout", [allocation, 0, false])).toMatchObject({
      value: "1000",
      confirmations: 1,
      coinbase: true,
    });
    expect(await t.api.call("gettxout", [txid, 0])).toMatchObject({ value: "100", confirmations: 0 });
    expect(await t.api.call("gettxout", [allocation, 2])).toMatchObject({ value: "1000", locked: true });

    const finality = (await t.api.call("gettransactionfinality", [txid])) as {
      status: string;
      reason: string;
    };
    expect(finality).toMatchObject({
      txid,
      blockHeight: null,
      finalMs: null,
      beta: t.node.services.snowball.options.beta,
    });
    expect(["pending", "voting"]).toContain(finality.status);
    expect(finality.reason).toMatch(/\w/);
    const waited = await t.api.call("waittransactionfinality", [txid, 0]);
    expect(waited).toMatchObject({ txid, status: finality.status });
    const txNotFound = await failure(t.api.call("getrawtransaction", ["11".repeat(32)]));
    expect(txNotFound.rpcCode).toBe(-5);
  });

  it("reports an unknown transaction's finality, and a genesis one as final in block 0", async () => {
    const t = await start();
    expect(await t.api.call("gettransactionfinality", ["ab".repeat(32)])).toEqual({
      txid: "ab".repeat(32),
      status: "unknown",
      confidence: 0,
      beta: t.node.services.snowball.options.beta,
      reason: "this node has not seen this transaction",
      finalMs: null,
      blockHeight: null,
    });
    const allocation = toHex(transactionId(t.genesis.block.transactions[0]!));
    expect(
      await t.api.call("waittransactionfinality", { txid: allocation, timeout_ms: 600_000 }),
    ).toMatchObject({
      status: "final",
      blockHeight: 0,
      reason: null,
    });
    expect((await failure(t.api.call("waittransactionfinality", [allocation, 600_001]))).rpcCode).toBe(
      -32602,
    );
  });

  it("wakes a finality wait when Snowball finalizes the transaction", async () => {
    const t = await start();
    const tx = treasurySpend(t);
    const txid = toHex(transactionId(tx));
    await t.api.call("sendrawtransaction", [toHex(encodeTransaction(tx))]);
    const seen: unknown[] = [];
    subscribeApiEvent(t.node, "snowball:final", (e) => seen.push(e));
    let result: unknown = null;
    const waiting = t.api.call("waittransactionfinality", [txid, 600_000]).then((r) => {
      result = r;
    });
    t.node.start();
    // The four genesis validators answer every poll with YES until the transaction is final.
    let answered = 0;
    for (let round = 0; round < 500 && result === null; round++) {
      t.time.runUntil(t.time.now() + 20);
      answered += t.answerQueries();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await waiting;
    expect(answered).toBeGreaterThan(0);
    expect(result).toMatchObject({ txid, status: "final", reason: null, blockHeight: null });
    expect((result as { finalMs: number }).finalMs).toBeGreaterThanOrEqual(0);
    expect(await t.api.call("gettransactionfinality", [txid])).toEqual(result);
    expect(seen).toEqual([{ txid, finalMs: (result as { finalMs: number }).finalMs }]);
    expect(await t.api.call("getmempoolinfo")).toMatchObject({ size: 1, final: 1 });
  });

  it("answers address queries from the in-memory index", async () => {
    const t = await start();
    const faucet = encodeAddress(devnetKey(DEVNET_ACCOUNTS.faucet).address, DEVNET);
    const collateral = encodeAddress(devnetKey(DEVNET_ACCOUNTS.collateral, 1).address, DEVNET);
    const allocation = toHex(transactionId(t.genesis.block.transactions[0]!));
    expect(await t.api.call("getaddressbalance", [faucet])).toEqual({
      balance: "10000000",
      received: "10000000",
    });
    expect(await t.api.call("getaddressbalance", [[faucet, collateral]])).toEqual({
      balance: "10001000",
      received: "10001000",
    });
    expect(await t.api.call("getaddressutxos", { addresses: collateral })).toEqual([
      {
        address: collateral,
        txid: allocation,
        outputIndex: 3,
        value: "1000",
        height: 0,
        coinbase: true,
        locked: true,
      },
    ]);
    expect(await t.api.call("getaddresstxids", [faucet])).toEqual([allocation]);
    expect(await t.api.call("getaddresstxids", [encodeAddress(new Uint8Array(20), DEVNET)])).toEqual([]);
    expect((await failure(t.api.call("getaddressbalance", ["TIME0nope"]))).rpcCode).toBe(-5);
    expect(await t.api.call("validateaddress", [faucet])).toMatchObject({ isvalid: true, network: "devnet" });
    expect(await t.api.call("validateaddress", [faucet.replace("TIME0", "TIME1")])).toMatchObject({
      isvalid: false,
      error_code: "ADDRESS_WRONG_NETWORK",
    });
    expect(await t.api.call("validateaddress", [`${faucet.slice(0, -1)}x`])).toMatchObject({
      isvalid: false,
    });
  });

  it("pays from the faucet on devnet, chaining unconfirmed change, and refuses elsewhere", async () => {
    const t = await start();
    const a = encodeAddress(devnetKey(DEVNET_ACCOUNTS.payout, 20).address, DEVNET);
    const b = encodeAddress(devnetKey(DEVNET_ACCOUNTS.payout, 21).address, DEVNET);
    const [first, second] = (await Promise.all([
      t.api.call("faucet", [a, "250.5"]),
      t.api.call("faucet", { address: b, amount: 1000 }),
    ])) as string[];
    expect(first).not.toBe(second);
    const pool = t.node.services.mempool;
    expect(pool.size).toBe(2);
    expect(pool.conflictsOf(first!)).toEqual([]);
    const paid = pool.get(first!)!.tx.outputs.find((o) => encodeAddress(o.address, DEVNET) === a);
    expect(paid?.amount).toBe(25_050_000_000n);
    // The second spends the first's change: no double spend of the one genesis coin.
    expect(pool.get(second!)!.parents.has(first!)).toBe(true);
    expect((await failure(t.api.call("faucet", [a, "0"]))).rpcCode).toBe(-32602);
    expect((await failure(t.api.call("faucet", [a, "100001"]))).rpcCode).toBe(-8);

    // getnetworkinfo says whether this node can pay from the faucet (the UI offers devnet coins then).
    const faucetOf = async (api: typeof t.api) =>
      ((await api.call("getnetworkinfo")) as { faucet: boolean }).faucet;
    expect(await faucetOf(t.api)).toBe(true);
    const noKey = await start(DEVNET, { faucet: false });
    expect(await faucetOf(noKey.api)).toBe(false);
    expect((await failure(noKey.api.call("faucet", [a, "1"]))).message).toBe(
      "this devnet node has no faucet key",
    );
    const testnet = await start(TESTNET);
    expect(await faucetOf(testnet.api)).toBe(false);
    const refused = await failure(testnet.api.call("faucet", [a, "1"]));
    expect([refused.rpcCode, refused.message]).toEqual([
      -1,
      "the faucet exists on devnet only; this node runs testnet",
    ]);
  });

  it("reports masternodes, consensus, network and control state", async () => {
    const t = await start();
    const list = (await t.api.call("masternodelist")) as { tier: string; weight: number; active: boolean }[];
    expect(list).toHaveLength(4);
    expect(list[0]).toMatchObject({ tier: "bronze", weight: 10, active: false, collateralAmount: "1000" });
    expect(await t.api.call("masternodelist", ["127.0.0.1:24210"])).toHaveLength(1);
    expect(await t.api.call("masternodestatus")).toEqual({
      masternode: false,
      reason: "this node has no operator key",
    });
    // The tiers a wallet can register, lowest first, as DESIGN.md tabulates them (no free tier: it has no
    // collateral to register).
    expect(await t.api.call("masternodetiers")).toEqual([
      { tier: "bronze", collateral: "1000", weight: 10, reward_share: "14" },
      { tier: "silver", collateral: "10000", weight: 100, reward_share: "18" },
      { tier: "gold", collateral: "100000", weight: 1000, reward_share: "25" },
    ]);
    expect(await t.api.call("getconsensusinfo")).toMatchObject({
      tsdc: null,
      votingSet: { validators: 4, totalWeight: 40 },
    });
    expect(await t.api.call("getpeerinfo")).toEqual([]);
    expect(await t.api.call("getconnectioncount")).toBe(0);
    expect(await t.api.call("getnetworkinfo")).toMatchObject({
      p2penabled: false,
      subversion: "timecoin-desktop/0.1.0",
    });
    expect((await failure(t.api.call("setban", ["127.0.0.2", "add"]))).rpcCode).toBe(-31);
    expect((await failure(t.api.call("setban", ["127.0.0.2", "ban"]))).rpcCode).toBe(-32602);
    expect(await t.api.call("uptime")).toBe(42);
    const help = (await t.api.call("help")) as string;
    for (const name of t.api.table.keys()) expect(help).toContain(name);
    expect(await t.api.call("help", ["getblock"])).toContain("verbosity (optional)");
    expect((await failure(t.api.call("help", ["nope"]))).rpcCode).toBe(-1);

    const after: (() => void)[] = [];
    expect(await t.api.call("stop", [], { afterReply: (task) => void after.push(task) })).toBe(
      "TIME Coin server stopping",
    );
    expect(t.stops.count).toBe(0);
    for (const task of after) task();
    expect(t.stops.count).toBe(1);
  });

  it("maps the network methods onto the p2p host's controls", async () => {
    // The libp2p host is another module's; this stand-in keeps state the way its contract describes.
    const bans = new Map<string, BanEntry>();
    let active = true;
    const network: NetworkControl = {
      peerId: "12D3KooWLocalPeerIdForTheApiTestxxxxxxxxxxxxx",
      listenAddresses: () => ["/ip4/127.0.0.1/tcp/24200"],
      get active() {
        return active;
      },
      setActive: async (on) => {
        active = on;
      },
      peers: () => [
        {
          peerId: "12D3KooWRemotePeerIdForTheApiTestxxxxxxxxxxxx",
          nodeId: "ab".repeat(32),
          address: "/ip4/127.0.0.2/tcp/24200",
          direction: "outbound",
          connectedAt: 1,
          latencyMs: 3,
          height: 7n,
          agent: "timecoin-desktop/0.1.0",
          masternode: true,
          bytesIn: 10,
          bytesOut: 20,
          score: 0,
        },
      ],
      connectionCounts: () => ({ inbound: 0, outbound: 1, total: 1 }),
      ban: async (target, durationMs, reason) =>
        void bans.set(target, { target, until: 1_000 + durationMs, reason }),
      unban: (target) => bans.delete(target),
      listBanned: () => [...bans.values()],
      clearBanned: () => bans.clear(),
      disconnect: async (target) => target === "12D3KooWRemotePeerIdForTheApiTestxxxxxxxxxxxx",
      traffic: () => ({ snowball: { bytesIn: 1, bytesOut: 2, messagesIn: 3, messagesOut: 4 } }),
      rateLimitDrops: () => ({}),
      banCount: 0,
    };
    const t = await start(DEVNET, { network });
    expect(await t.api.call("getpeerinfo")).toEqual([expect.objectContaining({ height: 7, latencyMs: 3 })]);
    expect(await t.api.call("getconnectioncount")).toBe(1);
    expect(await t.api.call("getblockchaininfo")).toMatchObject({ blocks: 0, headers: 7 });
    expect(await t.api.call("getnetworkinfo")).toMatchObject({
      networkactive: true,
      connections_out: 1,
      localaddresses: ["/ip4/127.0.0.1/tcp/24200"],
    });
    expect(await t.api.call("setban", ["127.0.0.9", "add", 60])).toBeNull();
    expect(await t.api.call("listbanned")).toEqual([
      { address: "127.0.0.9", banned_until: 61_000, reason: "manual (setban)" },
    ]);
    expect((await failure(t.api.call("setban", ["not an ip", "add"]))).rpcCode).toBe(-30);
    expect(await t.api.call("setban", { target: "127.0.0.9", command: "remove" })).toBeNull();
    expect((await failure(t.api.call("setban", ["127.0.0.9", "remove"]))).rpcCode).toBe(-30);
    const past = await failure(t.api.call("setban", ["127.0.0.9", "add", 1, true]));
    expect(past.rpcCode).toBe(-8);
    await t.api.call("setban", ["::1", "add"]);
    expect(bans.get("::1")?.until).toBe(1_000 + 86_400_000);
    expect(await t.api.call("clearbanned")).toBeNull();
    expect(bans.size).toBe(0);
    expect(await t.api.call("disconnectnode", ["12D3KooWRemotePeerIdForTheApiTestxxxxxxxxxxxx"])).toBeNull();
    expect((await failure(t.api.call("disconnectnode", ["someone else"]))).rpcCode).toBe(-29);
    expect(await t.api.call("setnetworkactive", [false])).toBe(false);
    expect(active).toBe(false);
  });

  it("serves a longer chain: confirmations, fees from undo records, finality from the tx index", async () => {
    const chain = new TestChain({ seed: 4, keyCount: 4 });
    const backend = new MemoryChainBackend({ params: DEVNET });
    await backend.connectBlock(chain.blocks[0]!);
    const fees: bigint[] = [0n];
    for (let i = 0; i < 4; i++) fees.push((await backend.connectBlock(chain.extend())).fees);
    const t = await start(DEVNET, {
      faucet: false,
      chain: { backend, genesis: { block: chain.blocks[0]!.block, hash: chain.hashAt(0) } },
    });
    expect(await t.api.call("getblockcount")).toBe(4);
    expect(await t.api.call("getblockhash", [4])).toBe(toHex(chain.hashAt(4)));
    const h = [1, 2, 3, 4].find((n) => chain.blocks[n]!.block.transactions.length > 1)!;
    expect(h).toBeDefined();
    const v1 = (await t.api.call("getblock", [toHex(chain.hashAt(h))])) as Record<string, unknown>;
    expect(v1).toMatchObject({
      height: h,
      confirmations: 5 - h,
      certificate: { height: h, precommits: expect.any(Array) },
    });
    expect(v1.nextblockhash).toBe(h < 4 ? toHex(chain.hashAt(h + 1)) : null);
    const v2 = (await t.api.call("getblock", [toHex(chain.hashAt(h)), 2])) as {
      tx: { txid: string; fee: string | null }[];
    };
    expect(v2.tx[0]!.fee).toBeNull();
    const total = v2.tx.reduce((sum, tx) => sum + (tx.fee === null ? 0n : parseTime(tx.fee)), 0n);
    expect(total).toBe(fees[h]);
    const txid = v2.tx[1]!.txid;
    expect(await t.api.call("gettransactionfinality", [txid])).toMatchObject({
      status: "final",
      blockHeight: h,
      reason: null,
    });
    expect(await t.api.call("getrawtransaction", [txid, true])).toMatchObject({
      txid,
      in_mempool: false,
      height: h,
      confirmations: 5 - h,
      blockhash: toHex(chain.hashAt(h)),
    });
    for (const key of chain.wallet.keys) {
      const want = chain
        .utxos()
        .filter((u) => toHex(u.entry.address) === toHex(key.address))
        .reduce((sum, u) => sum + u.entry.amount, 0n);
      const got = (await t.api.call("getaddressbalance", [encodeAddress(key.address, DEVNET)])) as {
        balance: string;
      };
      expect(got.balance).toBe(formatTime(want));
    }
    expect(await t.api.call("gettxoutsetinfo")).toMatchObject({
      height: 4,
      hash: (await chain.summary()).hash,
    });
  });
});
