// TxRelay's answers to Snowball queries: a query naming a transaction this node has never seen waits for
// it to be fetched from the querier and admitted, instead of a reflexive NO; the wait and the number of
// deferred queries are bounded. Fakes stand in for the mempool, Snowball, the follower and the transport.
import { describe, expect, it } from "vitest";
import { SeededRng, VirtualTime } from "../consensus/index.js";
import type { Snowball } from "../consensus/snowball/index.js";
import { KernelError } from "../kernel/index.js";
import { type Mempool, MempoolError } from "../mempool/index.js";
import type { Transaction } from "../types/index.js";
import { toHex } from "../types/index.js";
import type { ChainFollower } from "./chain-follower.js";
import { DEFAULT_HELD_BLOCKS } from "./held-txs.js";
import type { NodeMessage } from "./messages.js";
import type { TaskRunner } from "./tasks.js";
import type { NodeTransport } from "./transport.js";
import { refusalKind, TxRelay, type TxRelayOptions } from "./tx-relay.js";

/** A distinct 32-byte txid per label (the relay only needs distinct bytes). */
function fakeTxid(label: number): Uint8Array {
  const out = new Uint8Array(32);
  new DataView(out.buffer).setUint32(0, label + 1);
  out[31] = 0xaa;
  return out;
}

interface FakeTx {
  readonly n: number;
  readonly refused?: boolean;
  /** It spends an output of transaction `needs`: refused as TX_MISSING_INPUT until that one is here. */
  readonly needs?: number;
}

/** The fields the relay's held-transaction store reads (inputs, size), around a FakeTx. */
function asTransaction(tx: FakeTx): Transaction {
  const inputs = tx.needs === undefined ? [] : [{ prevout: { txid: fakeTxid(tx.needs), index: 0 } }];
  return { ...tx, inputs, outputs: [], special: null } as unknown as Transaction;
}

function rig(opts: Partial<TxRelayOptions> = {}) {
  const vt = new VirtualTime(0);
  const sent: { to: string; message: NodeMessage }[] = [];
  const inSnowball = new Set<string>();
  const pool = new Map<string, FakeTx>();
  /** Transactions in connected blocks (their outputs can be spent; they count as in a recent block). */
  const inBlocks = new Set<string>();
  const state = { full: false };
  const work: Promise<void>[] = [];
  const snowball = {
    hasTransaction: (t: Uint8Array) => inSnowball.has(toHex(t)),
    answerQuery: (ids: readonly Uint8Array[]) => {
      const bits = new Uint8Array((ids.length + 7) >> 3);
      ids.forEach((t, i) => {
        if (inSnowball.has(toHex(t))) bits[i >> 3]! |= 1 << (i & 7);
      });
      return bits;
    },
    addTransaction: (t: Uint8Array) => inSnowball.add(toHex(t)),
  };
  const mempool = {
    add: async (tx: FakeTx) => {
      if (pool.has(toHex(fakeTxid(tx.n)))) throw new MempoolError("MEMPOOL_DUPLICATE", "already in the pool");
      if (tx.refused) throw new MempoolError("MEMPOOL_CONFLICTS_FINAL", "conflicts with a final transaction");
      if (state.full) throw new MempoolError("MEMPOOL_FULL", "the pool is full");
      const parent = tx.needs === undefined ? null : toHex(fakeTxid(tx.needs));
      if (parent !== null && !pool.has(parent) && !inBlocks.has(parent)) {
        throw new KernelError("TX_MISSING_INPUT", "input spends an outpoint that is not in the UTXO set");
      }
      pool.set(toHex(fakeTxid(tx.n)), tx);
      return { conflictKeys: [`k${tx.n}`] };
    },
    get: (t: Uint8Array) => {
      const tx = pool.get(toHex(t));
      return tx === undefined ? undefined : { tx };
    },
  };
  const tasks: TaskRunner = {
    track(promise, then, onError) {
      work.push(promise.then(then, (e: unknown) => onError?.(e)));
    },
    wrap: (p) => p,
  };
  const transport = {
    peers: () => ["me", "q1", "q2"],
    send: (to: string, message: NodeMessage) => sent.push({ to, message }),
    broadcast: () => {},
    onMessage: () => () => {},
  };
  const relay = new TxRelay(
    { gossipFanout: 0, selfId: "me", ...opts },
    {
      mempool: mempool as unknown as Mempool,
      snowball: snowball as unknown as Snowball,
      follower: { inRecentBlock: (hex: string) => inBlocks.has(hex) } as unknown as ChainFollower,
      transport: transport as unknown as NodeTransport,
      rng: new SeededRng(1),
      scheduler: vt,
      clock: vt,
      tasks,
      hooks: { seen: () => {}, fault: (what, e) => expect.fail(`${what}: ${String(e)}`) },
      txidOf: (tx) => fakeTxid((tx as unknown as FakeTx).n),
      hexOf: toHex,
    },
  );
  const flush = async () => {
    while (work.length > 0) await work.shift();
  };
  const replies = () => sent.filter((s) => s.message.kind === "reply");
  const fetches = () => sent.filter((s) => s.message.kind === "getTxs");
  const bitsOf = (i: number) => {
    const m = replies()[i]!.message;
    return m.kind === "reply" ? [...m.bits] : [];
  };
  const give = (from: string, ...txs: FakeTx[]) => relay.receive(from, txs.map(asTransaction));
  /** A block holding `ns` connects: the pool drops them, the chain has their outputs. */
  const connectBlock = (...ns: number[]) => {
    for (const n of ns) {
      pool.delete(toHex(fakeTxid(n)));
      inBlocks.add(toHex(fakeTxid(n)));
    }
    relay.onBlockConnected();
  };
  /** What the node's submitAndWait does: the pool takes `n` directly, then the relay is told. */
  const submitDirectly = (n: number) => {
    pool.set(toHex(fakeTxid(n)), { n });
    inSnowball.add(toHex(fakeTxid(n)));
    relay.receive(null, [asTransaction({ n })]);
  };
  return {
    vt,
    relay,
    sent,
    inSnowball,
    state,
    replies,
    fetches,
    bitsOf,
    give,
    flush,
    connectBlock,
    submitDirectly,
  };
}

describe("TxRelay: queries about unknown transactions", () => {
  it("a known transaction is answered at once", async () => {
    const r = rig();
    r.give("q1", { n: 1 });
    await r.flush();
    r.relay.onQuery("q1", 7, [fakeTxid(1)]);
    expect(r.replies()).toHaveLength(1);
    expect(r.bitsOf(0)).toEqual([1]);
    expect(r.fetches()).toHaveLength(0);
  });

  it("remembers at most maxKnownTxids transactions, forgetting the oldest first", async () => {
    const r = rig({ maxKnownTxids: 2 });
    r.give("q1", { n: 1, refused: true });
    await r.flush();
    // refused and remembered: NO at once, nothing fetched
    r.relay.onQuery("q1", 1, [fakeTxid(1)]);
    expect(r.fetches()).toHaveLength(0);
    r.give("q1", { n: 2 }, { n: 3 });
    await r.flush();
    // tx 1 was forgotten: a query naming it fetches it again, as for any unknown transaction
    r.relay.onQuery("q1", 2, [fakeTxid(1)]);
    expect(r.fetches()).toHaveLength(1);
  });

  it("an unknown transaction is fetched from the querier first, and answered once admitted", async () => {
    const r = rig();
    r.give("q2", { n: 2 });
    await r.flush();
    r.relay.onQuery("q1", 8, [fakeTxid(2), fakeTxid(3)]);
    expect(r.replies()).toHaveLength(0);
    expect(r.fetches()).toEqual([{ to: "q1", message: { kind: "getTxs", txids: [fakeTxid(3)] } }]);
    expect(r.relay.deferredQueries).toBe(1);
    r.give("q1", { n: 3 });
    expect(r.replies()).toHaveLength(0); // admission is still under way
    await r.flush();
    expect(r.replies()).toHaveLength(1);
    expect(r.replies()[0]!.to).toBe("q1");
    expect(r.replies()[0]!.message).toMatchObject({ kind: "reply", requestId: 8, count: 2 });
    expect(r.bitsOf(0)).toEqual([0b11]);
    expect(r.relay.deferredQueries).toBe(0);
    r.vt.runUntilIdle(); // the wait timer was cancelled: no second reply
    expect(r.replies()).toHaveLength(1);
  });

  it("answers NO after the bounded wait when the transaction never comes, and may fetch it again later", () => {
    const r = rig({ queryFetchWaitMs: 300 });
    r.relay.onQuery("q1", 9, [fakeTxid(4)]);
    r.relay.onQuery("q1", 9, [fakeTxid(4)]); // a re-sent copy: the first one will answer
    expect(r.fetches()).toHaveLength(1);
    r.vt.runUntil(299);
    expect(r.replies()).toHaveLength(0);
    r.vt.runUntil(300);
    expect(r.replies()).toHaveLength(1);
    expect(r.bitsOf(0)).toEqual([0]);
    r.relay.onQuery("q1", 10, [fakeTxid(4)]);
    expect(r.fetches()).toHaveLength(2);
  });

  it("a lost fetch is asked again by a later query or re-sent copy once fetchRetryMs passed, from that querier", async () => {
    const r = rig({ queryFetchWaitMs: 600, fetchRetryMs: 200 });
    r.relay.onQuery("q1", 20, [fakeTxid(6)]);
    expect(r.fetches()).toHaveLength(1); // ...and this fetch is lost
    r.vt.runUntil(199);
    r.relay.onQuery("q2", 21, [fakeTxid(6)]);
    expect(r.fetches()).toHaveLength(1); // asked for just now: no second fetch yet
    r.vt.runUntil(200);
    r.relay.onQuery("q1", 20, [fakeTxid(6)]); // q1 re-sends its query
    expect(r.fetches().map((f) => f.to)).toEqual(["q1", "q1"]);
    r.vt.runUntil(400);
    r.relay.onQuery("q2", 22, [fakeTxid(6)]);
    expect(r.fetches().map((f) => f.to)).toEqual(["q1", "q1", "q2"]);
    r.give("q2", { n: 6 });
    await r.flush();
    // every query that waited answers YES, none had to run out its wait
    expect(
      r.replies().map((x) => x.message.kind === "reply" && [x.to, x.message.requestId, [...x.message.bits]]),
    ).toEqual([
      ["q1", 20, [1]],
      ["q2", 21, [1]],
      ["q2", 22, [1]],
    ]);
  });

  it("a refused transaction releases its waiting queries with NO, and later queries about it are answered at once", async () => {
    const r = rig();
    r.relay.onQuery("q1", 11, [fakeTxid(5)]);
    r.give("q1", { n: 5, refused: true });
    await r.flush();
    expect(r.bitsOf(0)).toEqual([0]);
    r.relay.onQuery("q2", 12, [fakeTxid(5)]);
    expect(r.replies()).toHaveLength(2);
    expect(r.fetches()).toHaveLength(1);
  });

  it("a flood of unknown txids is bounded per peer and in total: past the caps, answered at once", () => {
    const r = rig({ maxDeferredQueriesPerPeer: 3, maxDeferredQueries: 5 });
    for (let i = 0; i < 10; i++) r.relay.onQuery("q1", 100 + i, [fakeTxid(1_000 + i)]);
    expect(r.relay.deferredQueries).toBe(3);
    expect(r.fetches()).toHaveLength(3);
    expect(r.replies()).toHaveLength(7);
    for (let i = 0; i < 10; i++) r.relay.onQuery("q2", 200 + i, [fakeTxid(2_000 + i)]);
    expect(r.relay.deferredQueries).toBe(5);
    r.vt.runUntilIdle();
    expect(r.relay.deferredQueries).toBe(0);
    expect(r.replies()).toHaveLength(20);
    r.relay.close();
  });
});

describe("TxRelay: refusals that later state lifts", () => {
  it("a child that arrives before its parent is held, and admitted once the parent is", async () => {
    const r = rig();
    r.give("q1", { n: 21, needs: 20 });
    await r.flush();
    expect(r.relay.heldTransactions).toBe(1);
    // Held: NO at once, nothing fetched (this node has it and cannot vouch for it yet).
    r.relay.onQuery("q1", 1, [fakeTxid(21)]);
    expect(r.bitsOf(0)).toEqual([0]);
    expect(r.fetches()).toHaveLength(0);
    r.give("q2", { n: 20 });
    await r.flush();
    expect(r.relay.heldTransactions).toBe(0);
    r.relay.onQuery("q1", 2, [fakeTxid(21)]);
    expect(r.bitsOf(1)).toEqual([1]);
  });

  it("a held child goes in when its parent is admitted by the wallet's own send (the relay hears of it as a duplicate)", async () => {
    const r = rig();
    r.give("q1", { n: 71, needs: 70 });
    await r.flush();
    expect(r.relay.heldTransactions).toBe(1);
    r.submitDirectly(70);
    await r.flush();
    expect(r.relay.heldTransactions).toBe(0);
    r.relay.onQuery("q1", 1, [fakeTxid(71)]);
    expect(r.bitsOf(0)).toEqual([1]);
  });

  it("a spend of an output of a block this node has not connected yet is admitted when that block connects", async () => {
    const r = rig();
    r.give("q1", { n: 31, needs: 30 });
    await r.flush();
    r.relay.onQuery("q1", 1, [fakeTxid(31)]);
    expect(r.bitsOf(0)).toEqual([0]);
    r.connectBlock(30);
    await r.flush();
    expect(r.relay.heldTransactions).toBe(0);
    r.relay.onQuery("q1", 2, [fakeTxid(31)]);
    expect(r.bitsOf(1)).toEqual([1]);
  });

  it("a held transaction that is in the block that connects is taken as arrived, not admitted again", async () => {
    const r = rig();
    r.relay.onQuery("q1", 1, [fakeTxid(41)]);
    r.give("q1", { n: 41, needs: 40 });
    await r.flush();
    r.connectBlock(40, 41);
    await r.flush();
    expect(r.relay.heldTransactions).toBe(0);
    // Settled in a block: YES, without a pool entry.
    r.relay.onQuery("q2", 2, [fakeTxid(41)]);
    expect(r.bitsOf(1)).toEqual([1]);
  });

  it("is tried at DEFAULT_HELD_BLOCKS blocks, then refused for good (NO at once, not fetched again)", async () => {
    const r = rig();
    r.give("q1", { n: 51, needs: 50 });
    await r.flush();
    for (let i = 0; i < DEFAULT_HELD_BLOCKS; i++) {
      expect(r.relay.heldTransactions).toBe(1);
      r.connectBlock();
      await r.flush();
    }
    expect(r.relay.heldTransactions).toBe(0);
    r.relay.onQuery("q1", 1, [fakeTxid(51)]);
    expect(r.bitsOf(0)).toEqual([0]);
    expect(r.fetches()).toHaveLength(0);
  });

  it("one the pool had no room for is forgotten: a query fetches it again and a later copy is admitted", async () => {
    const r = rig();
    r.state.full = true;
    r.give("q1", { n: 61 });
    await r.flush();
    expect(r.relay.heldTransactions).toBe(0);
    r.state.full = false;
    r.relay.onQuery("q1", 1, [fakeTxid(61)]);
    expect(r.fetches()).toHaveLength(1);
    r.give("q1", { n: 61 });
    await r.flush();
    expect(r.bitsOf(0)).toEqual([1]);
  });

  it("classifies refusals: held for later state, retried, refused for good, or a fault", () => {
    expect(refusalKind(new KernelError("TX_MISSING_INPUT", "x"))).toBe("hold");
    expect(refusalKind(new KernelError("MN_COLLATERAL_MISSING", "x"))).toBe("hold");
    expect(refusalKind(new KernelError("TX_LOCKTIME_NOT_REACHED", "x"))).toBe("hold");
    expect(refusalKind(new KernelError("MN_NOT_REGISTERED", "x"))).toBe("hold");
    expect(refusalKind(new MempoolError("MEMPOOL_FULL", "x"))).toBe("retry");
    expect(refusalKind(new MempoolError("MEMPOOL_BUSY", "x"))).toBe("retry");
    expect(refusalKind(new MempoolError("MEMPOOL_NO_CHAIN", "x"))).toBe("retry");
    expect(refusalKind(new MempoolError("MEMPOOL_CONFLICTS_FINAL", "x"))).toBe("refused");
    expect(refusalKind(new KernelError("TX_BAD_SIGNATURE", "x"))).toBe("refused");
    expect(refusalKind(new KernelError("MN_PAYOUT_UNCHANGED", "x"))).toBe("refused");
    expect(refusalKind(new Error("disk on fire"))).toBe("fault");
  });
});
