// WalletService on a real LevelDB chain store (a test chain built by the tracker's fixture) and a real node
// over it: a restore finds the coins paid to the mnemonic, a reload resumes from the scan checkpoint and
// says so, blocks connected while the wallet was unloaded are caught up, a locked wallet refuses to sign,
// and the wallet files can be listed, backed up, renamed and removed (with the name as confirmation).
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { blockHash, transactionId } from "../../codec/index.js";
import { ecvrfScheme, ed25519Scheme, SeededRng, VirtualTime } from "../../consensus/index.js";
import { verifyAll } from "../../crypto/index.js";
import { encodeAddress } from "../../keys/index.js";
import { createNode, LiveTaskRunner, type TimeNode } from "../../node/index.js";
import { type CertifiedBlock, toHex } from "../../types/index.js";
import { silentLogger } from "../../util/index.js";
import { HdAccount } from "../accounts/index.js";
import { Keystore } from "../keystore/index.js";
import { TEST_MNEMONIC, TIME, WalletChain } from "../tracker/test-support.js";
import { WalletServiceError } from "./errors.js";
import { discardHandedOver } from "./loaded-wallet.js";
import { WalletService } from "./wallet-service.js";

const PASSWORD = "service test password 9";
let f: WalletChain;
let node: TimeNode;
let dir: string;
let service: WalletService;
let clock: VirtualTime;

function serviceOn(walletDir: string): WalletService {
  return new WalletService(
    { dir: walletDir, network: f.params, finalityPollMs: 10 },
    {
      node,
      view: f.backend,
      clock,
      logger: silentLogger,
      keystore: new Keystore({ kdf: { memoryKiB: 19 * 1024, iterations: 2, parallelism: 1 } }),
    },
  );
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as { code: string }).code;
  }
  throw new Error("expected a failure");
}

beforeEach(async () => {
  f = await WalletChain.open("leveldb", "wallet-service");
  const genesis = f.chain.blocks[0] as CertifiedBlock;
  const time = new VirtualTime(Number(genesis.block.header.timestamp) + 60_000);
  clock = time;
  node = await createNode(
    {
      params: f.params,
      genesis: {
        block: genesis.block,
        hash: blockHash(genesis.block.header),
        treasuryAddress: genesis.block.transactions[0]!.outputs[0]!.address,
      },
      operator: null,
      tsdc: {
        chainId: f.params.chainId,
        blockIntervalMs: f.params.blockIntervalMs,
        genesisTimestampMs: Number(genesis.block.header.timestamp),
      },
    },
    {
      backend: f.backend,
      clock: time,
      scheduler: time,
      rng: new SeededRng(9),
      signatures: ed25519Scheme,
      vrf: ecvrfScheme,
      verifier: verifyAll,
      transport: { peers: () => [], send: () => {}, broadcast: () => {}, onMessage: () => () => {} },
      tasks: new LiveTaskRunner(silentLogger),
      logger: silentLogger,
    },
  );
  dir = await mkdtemp(join(tmpdir(), "wallet-service-"));
  service = serviceOn(dir);
});

afterEach(async () => {
  await service.close();
  await node.close();
  await f.close();
  await rm(dir, { recursive: true, force: true });
});

/** Unloads and loads `name` (its scan sees the blocks the fixture connected behind the node), unlocked. */
async function reload(name: string): Promise<void> {
  await service.unload(name);
  await service.load(name, PASSWORD);
  await scanned(name);
  await service.unlock(name, PASSWORD, 60_000);
}

async function scanned(name: string): Promise<void> {
  const wallet = service.get(name);
  for (let i = 0; i < 500 && wallet.scanState.result === null && wallet.scanState.error === null; i++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await wallet.tracker.idle();
  expect(wallet.scanState.error).toBeNull();
}

describe("WalletService", () => {
  it("restores coins, resumes its scan from the checkpoint after a reload, and catches up missed blocks", async () => {
    const account = HdAccount.fromMnemonic(TEST_MNEMONIC, "", { network: f.params });
    await f.mine([f.payTo([account.address("receive", 0).payload], 7n * TIME)]);
    await f.mineTo(5n);
    await f.mine([f.payTo([account.address("receive", 3).payload], 2n * TIME)]);
    await service.restore("restored", PASSWORD, TEST_MNEMONIC);
    await scanned("restored");
    expect(service.get("restored").tracker.balance().spendable).toBe(9n * TIME);
    expect(service.get("restored").scanState.resumedFrom).toBeNull();
    expect(service.get("restored").locked).toBe(true);
    // The checkpoint beside the keystore holds no secret.
    const checkpoint = await readFile(join(dir, "restored.scan.json"), "utf8");
    expect(checkpoint).not.toContain(TEST_MNEMONIC);
    expect(checkpoint).not.toContain(PASSWORD);

    await service.unload("restored");
    await f.mine([f.payTo([account.address("receive", 1).payload], 1n * TIME)]);
    await service.load("restored", PASSWORD);
    await scanned("restored");
    const wallet = service.get("restored");
    expect(wallet.scanState.resumedFrom).toBe(7n);
    expect(wallet.tracker.balance().spendable).toBe(10n * TIME);
    expect(wallet.tracker.tipHeight).toBe(f.height);
    // Locked: no signing, and the key lookup refuses.
    expect(() => wallet.withSigningKeys(() => 0)).toThrow(WalletServiceError);
    await service.unlock("restored", PASSWORD, 60_000);
    const key = wallet.withSigningKeys((keyFor) => keyFor(account.address("receive", 0).payload));
    expect(key.seed.every((b) => b === 0)).toBe(true); // wiped once the signing is done
    // A wrong password on an unlocked wallet is refused and leaves it unlocked (it used to lock it).
    const lockEvents: boolean[] = [];
    const off = service.events.on("wallet:lockChanged", (e) => void lockEvents.push(e.locked));
    expect(await codeOf(service.unlock("restored", "not the password", 60_000))).toBe(
      "KEYSTORE_WRONG_PASSWORD",
    );
    expect(wallet.locked).toBe(false);
    // The right one again extends the unlock without a lock/unlock flicker in the events.
    await service.unlock("restored", PASSWORD, 60_000);
    expect(wallet.locked).toBe(false);
    expect(lockEvents).toEqual([]);
    off();
    service.lock("restored");
    expect(wallet.locked).toBe(true);
    // Locked, a mistyped address is refused for the address, not for the lock.
    expect(await codeOf(service.send("restored", { address: "TIME0nonsense", amount: TIME }))).toBe(
      "SEND_BAD_ADDRESS",
    );
  }, 60_000);

  it("hands its loaded wallets to the next service of the process, unlocked ones still unlocked", async () => {
    const account = HdAccount.fromMnemonic(TEST_MNEMONIC, "", { network: f.params });
    await f.mine([f.payTo([account.address("receive", 0).payload], 7n * TIME)]);
    await service.restore("open", PASSWORD, TEST_MNEMONIC);
    await service.create("shut", PASSWORD);
    await scanned("open");
    await service.unlock("open", PASSWORD, 60_000);
    clock.advance(10_000);
    const until = service.get("open").unlockedUntil;

    const handed = await service.handOver();
    expect(handed.map((w) => w.parts.name)).toEqual(["open", "shut"]);
    expect(handed.map((w) => w.keystore !== null)).toEqual([true, false]);
    expect(handed[0]?.remainingMs).toBe(50_000);
    // The old service is closed: it serves nothing, and closing it again is harmless.
    expect(await codeOf(Promise.resolve().then(() => service.get("open")))).toBe("WALLET_NOT_LOADED");
    await service.close();

    const next = serviceOn(dir);
    service = next; // afterEach closes it
    await next.adopt(handed);
    expect(next.loadedNames()).toEqual(["open", "shut"]);
    const open = next.get("open");
    expect(open.locked).toBe(false);
    expect(open.unlockedUntil).toBe(until);
    await scanned("open");
    expect(open.tracker.balance().spendable).toBe(7n * TIME);
    const key = open.withSigningKeys((keyFor) => keyFor(account.address("receive", 0).payload));
    expect(key.publicKey).toEqual(account.address("receive", 0).publicKey);
    expect(next.get("shut").locked).toBe(true);
    // The adopted keystore counts as unlocked in the new directory: unlocking again checks the password.
    expect(next.directory.unlockedWallet("open")?.locked).toBe(false);
    expect(await codeOf(next.unlock("open", "not the password", 60_000))).toBe("KEYSTORE_WRONG_PASSWORD");
    expect(open.locked).toBe(false);

    // What no service takes is locked by discardHandedOver.
    const again = await next.handOver();
    const kept = again[0]?.keystore;
    expect(kept?.locked).toBe(false);
    discardHandedOver(again);
    expect(kept?.locked).toBe(true);
  }, 60_000);

  it("registers a masternode, then changes its payout address, each seen once a block holds it", async () => {
    const account = HdAccount.fromMnemonic(TEST_MNEMONIC, "", { network: f.params });
    await f.mine([
      f.payTo([account.address("receive", 0).payload], 1_000n * TIME),
      f.payTo([account.address("receive", 1).payload], 5n * TIME),
    ]);
    await service.restore("mn", PASSWORD, TEST_MNEMONIC);
    await scanned("mn");
    await service.unlock("mn", PASSWORD, 60_000);
    const setup = await service.masternodeSetup("mn", {
      label: "node-a",
      tier: "bronze",
      networkAddress: "127.0.0.1:24100",
    });
    expect(setup.state).toBe("registered");
    // Not in a block yet: no record, so no payout change either.
    expect(
      await codeOf(
        service.masternodeSetPayout(
          "mn",
          "node-a",
          encodeAddress(account.address("receive", 5).payload, f.params),
        ),
      ),
    ).toBe("SEND_MASTERNODE_RULE");
    await f.mine([node.services.mempool.get(setup.txid)!.tx]);
    await reload("mn");
    const [registered] = await service.masternodes("mn");
    const payout = account.address("receive", 0).payload;
    expect(registered?.record?.payoutAddress).toEqual(payout);

    // Rewards: a block's reward to the payout address counts, one to another wallet address does not, and
    // neither does a reward in a block that was rolled back.
    expect((await service.masternodesWithRewards("mn"))[0]?.rewards).toEqual({ total: 0n, last: null });
    const paid = await f.mine([], payout);
    const reward = paid.block.transactions[0]!;
    await f.mine([], account.address("receive", 3).payload);
    await reload("mn");
    const expected = {
      total: reward.outputs[0]!.amount,
      last: {
        height: paid.block.header.height,
        amount: reward.outputs[0]!.amount,
        txid: toHex(transactionId(reward)),
      },
    };
    expect((await service.masternodesWithRewards("mn"))[0]?.rewards).toEqual(expected);
    await f.mine([], payout);
    await reload("mn");
    expect((await service.masternodesWithRewards("mn"))[0]?.rewards?.total).toBe(
      2n * reward.outputs[0]!.amount,
    );
    await f.rollback(1);
    await f.mine([], account.address("receive", 4).payload);
    await reload("mn");
    expect((await service.masternodesWithRewards("mn"))[0]?.rewards).toEqual(expected);

    const next = account.address("receive", 7).payload;
    expect(await codeOf(service.masternodeSetPayout("mn", "node-a", "TIME0nonsense"))).toBe(
      "SEND_BAD_ADDRESS",
    );
    expect(await codeOf(service.masternodeSetPayout("mn", "node-b", encodeAddress(next, f.params)))).toBe(
      "SEND_MASTERNODE_RULE",
    );
    expect(
      await codeOf(
        service.masternodeSetPayout(
          "mn",
          "node-a",
          encodeAddress(account.address("receive", 0).payload, f.params),
        ),
      ),
    ).toBe("SEND_MASTERNODE_RULE"); // unchanged
    const txid = await service.masternodeSetPayout("mn", "node-a", encodeAddress(next, f.params));
    const change = node.services.mempool.get(txid)!.tx;
    expect(change.special).toMatchObject({ kind: "payoutChange", payoutAddress: next });
    // The chain applies it (TestChain runs the kernel's transition on it) and the registry pays `next`.
    await f.mine([change]);
    await reload("mn");
    const [changed] = await service.masternodes("mn");
    expect(changed?.record?.payoutAddress).toEqual(next);
    expect(changed?.operatorPublicKey).toBe(setup.state === "registered" ? setup.operatorPublicKey : "");
  }, 60_000);

  it("lists, backs up, renames and removes wallets, and refuses what does not fit", async () => {
    const { mnemonic } = await service.create("first", PASSWORD, 12);
    expect(mnemonic.split(" ")).toHaveLength(12);
    expect(await codeOf(service.create("FIRST", PASSWORD))).toBe("KEYSTORE_EXISTS");
    expect(await codeOf(service.load("first", PASSWORD))).toBe("WALLET_ALREADY_LOADED");
    expect(await codeOf(service.restore("bad", PASSWORD, "not a mnemonic at all"))).toBe(
      "WALLET_BAD_MNEMONIC",
    );
    expect(await codeOf(service.rename("first", "second"))).toBe("WALLET_ALREADY_LOADED");
    const backup = join(dir, "..", `${Date.now()}-first-backup.json`);
    await service.backup("first", backup);
    expect((await stat(backup)).size).toBeGreaterThan(0);
    expect(await readFile(backup, "utf8")).not.toContain(mnemonic);
    await rm(backup);
    await service.unload("first");
    await service.rename("first", "second");
    expect(await service.list()).toEqual([{ name: "second", loaded: false }]);
    expect(await codeOf(service.remove("second", "Second"))).toBe("KEYSTORE_CONFIRM_MISMATCH");
    await service.load("second", PASSWORD);
    await service.remove("second", "second");
    expect(await service.list()).toEqual([]);
    expect(service.loadedNames()).toEqual([]);
    expect(await codeOf(service.load("second", PASSWORD))).toBe("KEYSTORE_NOT_FOUND");
  }, 60_000);
});
