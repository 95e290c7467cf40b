// ChainService with real pieces: the real certificate, proposer (ECVRF), heartbeat and reward checkers,
// real signed transactions through a real Mempool, on both backends (MemoryChainBackend and ChainStore on
// LevelDB in a temp dir). Valid blocks import and feed the mempool; every refusal carries its code and
// leaves chain, mempool and finalized spends exactly as they were; rollback returns transactions.
import { afterEach, describe, expect, it } from "vitest";
import { transactionId } from "../codec/index.js";
import { type ChainBackend, MemoryChainBackend } from "../db/index.js";
import { KernelError } from "../kernel/errors.js";
import { outpointKey } from "../kernel/view.js";
import { Mempool } from "../mempool/mempool.js";
import { MAX_REORG_DEPTH } from "../params/consensus.js";
import {
  type BackendKind,
  buildSpend,
  deriveTestKeys,
  type OwnedUtxo,
  SeededRng,
  TestBackends,
  type TestKey,
} from "../testing/index.js";
import { SAT_PER_TIME } from "../types/amount.js";
import { toHex } from "../types/bytes.js";
import type { CertifiedBlock, Transaction } from "../types/chain.js";
import { silentLogger } from "../util/index.js";
import { ChainService } from "./chain-service.js";
import { ChainError } from "./errors.js";
import { ChainFixture } from "./fixture.js";

const fx = new ChainFixture();
const backends = new TestBackends(fx.params, "chain-service");

afterEach(() => backends.closeAll());

async function makeBackend(kind: BackendKind): Promise<ChainBackend> {
  return backends.open(kind);
}

interface Node {
  backend: ChainBackend;
  mempool: Mempool;
  chain: ChainService;
  blocks: CertifiedBlock[];
  rollbacks: (readonly CertifiedBlock[])[];
}

async function makeNode(kind: BackendKind): Promise<Node> {
  const backend = await makeBackend(kind);
  let time = 0;
  const mempool = new Mempool(
    {},
    { backend, params: fx.params, clock: { now: () => time++ }, logger: silentLogger },
  );
  const chain = new ChainService(fx.options, fx.modules(backend, mempool));
  const node: Node = { backend, mempool, chain, blocks: [], rollbacks: [] };
  chain.onBlock((certified) => node.blocks.push(certified));
  chain.onRollback((blocks) => node.rollbacks.push(blocks));
  await chain.init();
  return node;
}

const rng = new SeededRng(11);
const recipients = fx.wallet.keys.map((k) => k.address);

function spend(inputs: readonly OwnedUtxo[], outputCount = 2): Transaction {
  const tx = buildSpend(fx.params.chainId, inputs, recipients, rng, { outputCount, extraFee: 2_000n });
  if (!tx) throw new Error("cannot build spend");
  return tx;
}

const idOf = (tx: Transaction) => toHex(transactionId(tx));

async function snapshot(node: Node) {
  return {
    tip: node.backend.getTip(),
    utxos: await node.backend.utxoSetSummary(),
    masternodes: await node.backend.listMasternodes(),
    pool: node.mempool.all().map((e) => [e.id, e.final]),
    finalized: [...node.mempool.finalizedSpends()],
    events: node.blocks.length,
  };
}

/** The import must fail with `code` (and reason code) and change nothing at all. */
async function expectRefused(
  node: Node,
  block: CertifiedBlock,
  code: string,
  reason?: string,
): Promise<Error & { code: string }> {
  const before = await snapshot(node);
  const err = await node.chain.importBlock(block).then(
    () => {
      throw new Error(`expected ${code}, the block was imported`);
    },
    (e: unknown) => e as Error & { code: string; details?: { reason?: { code: string } } },
  );
  expect(err.code).toBe(code);
  if (reason) expect((err as ChainError).details.reason?.code).toBe(reason);
  expect(await snapshot(node)).toEqual(before);
  return err;
}

describe.each<BackendKind>(["memory", "leveldb"])("ChainService on %s", (kind) => {
  it("imports valid blocks, pays rewards from chain data and drops included transactions", async () => {
    const node = await makeNode(kind);
    const coins = fx.genesisCoins();
    const a = spend([coins[0] as OwnedUtxo]);
    const b = spend([coins[1] as OwnedUtxo, coins[2] as OwnedUtxo]);
    const child = spend(fx.coinsOf(a, 1n).slice(0, 1), 1);
    for (const tx of [a, b, child]) await node.mempool.add(tx);
    for (const tx of [a, b, child]) node.mempool.markFinal(idOf(tx));
    const selection = await node.mempool.selectForBlock();
    expect(selection.transactions).toHaveLength(3);

    // Block 1 carries heartbeats from a Bronze validator and the Free node: both join their pools.
    const block1 = await fx.buildBlock(node.backend, { txs: selection.transactions, heartbeatsFrom: [2, 4] });
    const effects = await node.chain.importBlock(block1);
    expect(effects.fees).toBe(selection.fees);
    expect(node.backend.getTip()?.height).toBe(1n);
    expect(node.blocks).toEqual([block1]);
    expect(node.mempool.size).toBe(0);
    expect(node.mempool.finalizedSpends().size).toBe(0);
    const reward = block1.block.transactions[0] as Transaction;
    const freeOperator = fx.operators[4] as TestKey;
    expect(reward.outputs.some((o) => toHex(o.address) === toHex(freeOperator.address))).toBe(true);

    // Block 2 carries block 1's certificate (all four validators become eligible), proposed by another.
    const block2 = await fx.buildBlock(node.backend, { proposer: 1 });
    await node.chain.importBlock(block2);
    expect(node.backend.getTip()?.height).toBe(2n);
    const reward2 = block2.block.transactions[0] as Transaction;
    for (const v of fx.validators) {
      expect(reward2.outputs.some((o) => toHex(o.address) === toHex(v.address))).toBe(true);
    }
    await expectRefused(node, block2, "CHAIN_KNOWN_BLOCK");
  });

  it("refuses certificate failures with their codes and changes nothing", async () => {
    const node = await makeNode(kind);
    await expectRefused(
      node,
      { ...(await fx.buildBlock(node.backend)), certificate: null },
      "CHAIN_MISSING_CERTIFICATE",
    );
    // Silver + Bronze = 110 of 220: not more than 2/3.
    const weak = await fx.buildBlock(node.backend, {
      signers: [fx.validators[0] as TestKey, fx.validators[2] as TestKey],
    });
    await expectRefused(node, weak, "CHAIN_BAD_CERTIFICATE", "CERT_NO_QUORUM");
    // The Free node has no vote.
    const withFree = await fx.buildBlock(node.backend, {
      signers: [...fx.validators, fx.operators[4] as TestKey],
    });
    await expectRefused(node, withFree, "CHAIN_BAD_CERTIFICATE", "CERT_UNKNOWN_VOTER");
    const good = await fx.buildBlock(node.backend);
    const certificate = good.certificate as NonNullable<CertifiedBlock["certificate"]>;
    const signature = Uint8Array.from(
      (certificate.precommits[1] as (typeof certificate.precommits)[number]).signature,
    );
    signature[10] = (signature[10] as number) ^ 1;
    const forged: CertifiedBlock = {
      ...good,
      certificate: {
        ...certificate,
        precommits: certificate.precommits.map((p, i) => (i === 1 ? { ...p, signature } : p)),
      },
    };
    await expectRefused(node, forged, "CHAIN_BAD_CERTIFICATE", "CERT_BAD_SIGNATURE");
    // A certificate for the same block in another round was never signed by these voters.
    await expectRefused(
      node,
      { ...good, certificate: { ...certificate, round: 1 } },
      "CHAIN_BAD_CERTIFICATE",
      "CERT_BAD_SIGNATURE",
    );

    await node.chain.importBlock(good);
    // From height 2 on, the parent's certificate must be carried and valid.
    await expectRefused(
      node,
      await fx.buildBlock(node.backend, { previousCertificate: null }),
      "CHAIN_BAD_PREVIOUS_CERTIFICATE",
    );
    const weakPrevious = { ...certificate, precommits: certificate.precommits.slice(0, 2) };
    await expectRefused(
      node,
      await fx.buildBlock(node.backend, { previousCertificate: weakPrevious }),
      "CHAIN_BAD_PREVIOUS_CERTIFICATE",
      "CERT_NO_QUORUM",
    );
    expect(node.backend.getTip()?.height).toBe(1n);
  });

  it("checks the carried certificate against the voting set that signed it", async () => {
    const node = await makeNode(kind);
    const coins = fx.genesisCoins();
    const big = coins.find((c) => c.entry.amount >= 100_000n * SAT_PER_TIME) as OwnedUtxo;
    const gold = deriveTestKeys("chain-service/gold", 1)[0] as TestKey;
    // Block 1 registers a Gold masternode: weight 1000 joins a set of 220.
    await node.chain.importBlock(
      await fx.buildBlock(node.backend, { txs: [fx.register(coins[0] as OwnedUtxo, big, gold)] }),
    );
    expect((await node.backend.listMasternodes()).length).toBe(fx.operators.length + 1);
    // Block 2 needs the Gold vote for its own certificate but carries block 1's, signed by the old set.
    await expectRefused(node, await fx.buildBlock(node.backend), "CHAIN_BAD_CERTIFICATE", "CERT_NO_QUORUM");
    const block2 = await fx.buildBlock(node.backend, { signers: [...fx.validators, gold] });
    await node.chain.importBlock(block2);
    // From block 3 on, the carried certificate must hold the Gold vote too.
    const certificate = block2.certificate as NonNullable<CertifiedBlock["certificate"]>;
    const withoutGold = {
      ...certificate,
      precommits: certificate.precommits.filter((p) => toHex(p.voterPublicKey) !== toHex(gold.publicKey)),
    };
    const signers = [...fx.validators, gold];
    await expectRefused(
      node,
      await fx.buildBlock(node.backend, { previousCertificate: withoutGold, signers }),
      "CHAIN_BAD_PREVIOUS_CERTIFICATE",
      "CERT_NO_QUORUM",
    );
    await node.chain.importBlock(await fx.buildBlock(node.backend, { signers, proposer: gold }));
    expect(node.backend.getTip()?.height).toBe(3n);
  });

  it("refuses bad proposers, heartbeats and rewards with their codes", async () => {
    const node = await makeNode(kind);
    const free = fx.operators[4] as TestKey;
    await expectRefused(
      node,
      await fx.buildBlock(node.backend, { proposer: free }),
      "CHAIN_BAD_PROPOSER",
      "PROPOSER_NOT_VALIDATOR",
    );
    const otherRound = await fx.buildBlock(node.backend, { round: 1 });
    await expectRefused(
      node,
      await fx.buildBlock(node.backend, { vrfProof: otherRound.block.header.vrfProof }),
      "CHAIN_BAD_PROPOSER",
      "PROPOSER_BAD_VRF",
    );
    const badHeartbeat = await fx.buildBlock(node.backend, {
      heartbeatsFrom: [3],
      editHeartbeats: (hbs) => hbs.map((hb) => ({ ...hb, sequence: hb.sequence + 1n })),
    });
    await expectRefused(node, badHeartbeat, "CHAIN_BAD_HEARTBEATS", "BLOCK_HEARTBEAT_BAD_SIGNATURE");

    // More than subsidy plus fees breaks a kernel rule; a reward within it but split otherwise breaks ours.
    const greedy = await fx.buildBlock(node.backend, {
      editReward: (outputs) => outputs.map((o, i) => (i === 0 ? { ...o, amount: o.amount + 1n } : o)),
    });
    expect(await expectRefused(node, greedy, "BLOCK_REWARD_TOO_HIGH")).toBeInstanceOf(KernelError);
    const misdirected = await fx.buildBlock(node.backend, {
      editReward: (outputs) =>
        outputs.map((o, i) =>
          i === 0 ? { ...o, amount: o.amount + 1n } : i === 1 ? { ...o, amount: o.amount - 1n } : o,
        ),
    });
    const err = await expectRefused(node, misdirected, "CHAIN_BAD_REWARD");
    expect((err as ChainError).details.expected).toContain("output 0");
    // Leaving a carried heartbeat's masternode out of its pool is a wrong reward too.
    const stingy = await fx.buildBlock(node.backend, {
      heartbeatsFrom: [4],
      editReward: (outputs) => outputs.filter((o) => toHex(o.address) !== toHex(free.address)),
    });
    await expectRefused(node, stingy, "CHAIN_BAD_REWARD");

    // Fees belong to the producer: a block whose reward ignores them is refused.
    const coins = fx.genesisCoins();
    const tx = spend([coins[3] as OwnedUtxo]);
    const withTx = await fx.buildBlock(node.backend, { txs: [tx] });
    const fee = await fx.fees(node.backend, [tx]);
    const withoutFees = await fx.buildBlock(node.backend, {
      txs: [tx],
      editReward: (outputs) => {
        const producer = toHex((fx.validators[0] as TestKey).address);
        return outputs.map((o) => (toHex(o.address) === producer ? { ...o, amount: o.amount - fee } : o));
      },
    });
    await expectRefused(node, withoutFees, "CHAIN_BAD_REWARD");
    await node.chain.importBlock(withTx);
    expect(node.backend.getTip()?.height).toBe(1n);
  });

  it("refuses a block conflicting with a locally finalized transaction, and nothing changes", async () => {
    const node = await makeNode(kind);
    const coins = fx.genesisCoins();
    const mine = spend([coins[0] as OwnedUtxo]);
    await node.mempool.add(mine);
    node.mempool.markFinal(idOf(mine));
    // Another proposer's block spends the same coin in a different transaction.
    const theirs = spend([coins[0] as OwnedUtxo, coins[5] as OwnedUtxo]);
    const err = await expectRefused(
      node,
      await fx.buildBlock(node.backend, { txs: [theirs] }),
      "CHAIN_CONFLICTS_FINALIZED",
    );
    expect((err as ChainError).details).toMatchObject({
      key: outpointKey((coins[0] as OwnedUtxo).outpoint),
      txid: idOf(theirs),
      finalizedTxid: idOf(mine),
    });
    expect(node.mempool.isFinal(idOf(mine))).toBe(true);
    // The block holding the finalized transaction itself is fine.
    await node.chain.importBlock(await fx.buildBlock(node.backend, { txs: [mine] }));
    expect(node.mempool.size).toBe(0);
  });

  it("passes kernel and ordering failures through unchanged", async () => {
    const node = await makeNode(kind);
    const coins = fx.genesisCoins();
    const a = spend([coins[0] as OwnedUtxo]);
    const b = spend([coins[0] as OwnedUtxo, coins[1] as OwnedUtxo]);
    const err = await expectRefused(
      node,
      await fx.buildBlock(node.backend, { txs: [a, b] }),
      "BLOCK_DOUBLE_SPEND",
    );
    expect(err).toBeInstanceOf(KernelError);

    const block1 = await fx.buildBlock(node.backend);
    await node.chain.importBlock(block1);
    const block2 = await fx.buildBlock(node.backend);
    await node.chain.rollbackTo(0n);
    await expectRefused(node, block2, "CHAIN_NOT_CHILD_OF_TIP");
    await node.chain.importBlock(block1);
    await node.chain.importBlock(block2);
    expect(node.backend.getTip()?.height).toBe(2n);
  });

  it("rolls back through undo records and returns the undone transactions to the mempool", async () => {
    const node = await makeNode(kind);
    const coins = fx.genesisCoins();
    const a = spend([coins[0] as OwnedUtxo]);
    const b = spend([coins[1] as OwnedUtxo]);
    const c = spend([coins[2] as OwnedUtxo]);
    // a and b were finalized here; c arrives in block 2 from another proposer, unseen by this node.
    for (const tx of [a, b]) {
      await node.mempool.add(tx);
      node.mempool.markFinal(idOf(tx));
    }
    const block1 = await fx.buildBlock(node.backend, { txs: [a], heartbeatsFrom: [0] });
    await node.chain.importBlock(block1);
    const block2 = await fx.buildBlock(node.backend, { txs: [b, c], proposer: 2 });
    await node.chain.importBlock(block2);
    const block3 = await fx.buildBlock(node.backend, { proposer: 3 });
    await node.chain.importBlock(block3);
    expect(node.mempool.size).toBe(0);
    const summaryAt1 = await (async () => {
      const m = new MemoryChainBackend({ params: fx.params });
      await m.connectBlock(fx.genesis);
      await m.connectBlock(block1);
      return m.utxoSetSummary();
    })();

    const result = await node.chain.rollbackTo(1n);
    expect(result.blocks).toEqual([block3, block2]);
    expect(node.rollbacks).toEqual([[block3, block2]]);
    expect(new Set(result.returned.added)).toEqual(new Set([idOf(b), idOf(c)]));
    expect(node.backend.getTip()?.height).toBe(1n);
    expect(await node.backend.utxoSetSummary()).toEqual(summaryAt1);
    expect(node.mempool.isFinal(idOf(b))).toBe(true);
    expect(node.mempool.isFinal(idOf(c))).toBe(false);
    expect(node.mempool.has(idOf(a))).toBe(false);

    // Having finalized b again, this node refuses nothing it agreed to: the same blocks import again.
    await node.chain.importBlock(block2);
    await node.chain.importBlock(block3);
    expect(node.mempool.size).toBe(0);

    await expect(node.chain.rollbackTo(4n)).rejects.toMatchObject({ code: "CHAIN_BAD_HEIGHT" });
    await expect(node.chain.rollbackTo(-1n)).rejects.toMatchObject({ code: "CHAIN_BAD_HEIGHT" });
  });
});

describe("ChainService", () => {
  it("refuses to roll back deeper than MAX_REORG_DEPTH", async () => {
    const node = await makeNode("memory");
    for (let i = 0; i <= MAX_REORG_DEPTH; i++) {
      await node.chain.importBlock(await fx.buildBlock(node.backend, { proposer: i % 4 }));
    }
    const tip = node.backend.getTip();
    expect(tip?.height).toBe(BigInt(MAX_REORG_DEPTH + 1));
    const err = await node.chain.rollbackTo(0n).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChainError);
    expect((err as ChainError).code).toBe("CHAIN_REORG_TOO_DEEP");
    expect(node.backend.getTip()).toEqual(tip);
    const result = await node.chain.rollbackTo(1n);
    expect(result.blocks).toHaveLength(MAX_REORG_DEPTH);
  });

  it("checks the genesis of a backend that already holds a chain", async () => {
    const backend = new MemoryChainBackend({ params: fx.params });
    const other = new ChainFixture("another-network");
    await backend.connectBlock(other.genesis);
    const mempool = new Mempool(
      {},
      { backend, params: fx.params, clock: { now: () => 0 }, logger: silentLogger },
    );
    const chain = new ChainService(fx.options, fx.modules(backend, mempool));
    await expect(chain.init()).rejects.toMatchObject({ code: "CHAIN_WRONG_GENESIS" });
    const fresh = new ChainService(
      fx.options,
      fx.modules(new MemoryChainBackend({ params: fx.params }), mempool),
    );
    await expect(fresh.importBlock(fx.genesis)).rejects.toMatchObject({ code: "CHAIN_NOT_INITIALIZED" });
    expect((await fresh.init()).height).toBe(0n);
    expect((await fresh.init()).height).toBe(0n);
  });
});
