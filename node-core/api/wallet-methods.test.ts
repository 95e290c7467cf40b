// The wallet methods over WalletService on a real node (createNode over the devnet genesis, the
// in-memory chain store, virtual time; Snowball queries answered YES): create returns the mnemonic once,
// load watches while locked, the faucet's payment is seen and becomes final, sending needs the unlock and
// reaches a second wallet, lock / wrong password / unknown wallet give their codes, a restored copy sees the
// same addresses, and no reply or error carries the password.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DEVNET } from "../params/index.js";
import { toHex } from "../types/index.js";
import { silentLogger } from "../util/index.js";
import { Keystore, WalletService } from "../wallet/index.js";
import { type Api, ApiError, createApi, subscribeWalletEvent, type WalletEventPayloads } from "./index.js";
import { startTestApi, type TestApi } from "./test-support.js";

const PASSWORD = "correct horse battery staple 7";
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(): Promise<{ t: TestApi; api: Api; wallets: WalletService; replies: string[] }> {
  const t = await startTestApi(DEVNET);
  t.node.start();
  const dir = await mkdtemp(join(tmpdir(), "wallet-service-"));
  const wallets = new WalletService(
    { dir, network: DEVNET, finalityPollMs: 10 },
    {
      node: t.node,
      view: t.backend,
      clock: t.time,
      logger: silentLogger,
      // The floor's parameters keep the test quick; the policy itself is the keystore's (tested there).
      keystore: new Keystore({ kdf: { memoryKiB: 19 * 1024, iterations: 2, parallelism: 1 } }),
    },
  );
  const api = await createApi({ ...t.api.runtime.ctx, wallets });
  const replies: string[] = [];
  const call = api.call.bind(api);
  // Every reply and every error message, kept to check that no password appears in any.
  (api as { call: Api["call"] }).call = async (name, params, options) => {
    try {
      const result = await call(name, params, options);
      replies.push(JSON.stringify(result));
      return result;
    } catch (error) {
      if (error instanceof ApiError) replies.push(`${error.message} ${JSON.stringify(error.data)}`);
      throw error;
    }
  };
  cleanups.push(async () => {
    api.close();
    await wallets.close();
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });
  return { t, api, wallets, replies };
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}

/** Advances virtual time and answers Snowball until `done` holds. */
async function settle(t: TestApi, done: () => boolean): Promise<void> {
  for (let round = 0; round < 2000 && !done(); round++) {
    t.time.runUntil(t.time.now() + 20);
    t.answerQueries();
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  if (!done()) throw new Error("not settled");
}

describe("WalletService over the API", () => {
  it("creates, funds, sends between two wallets, locks, and never returns the password", async () => {
    const { t, api, wallets, replies } = await setup();
    const created = (await api.call("createwallet", {
      wallet_name: "alice",
      passphrase: PASSWORD,
      words: 12,
    })) as {
      name: string;
      mnemonic: string;
    };
    expect(created.name).toBe("alice");
    expect(created.mnemonic.split(" ")).toHaveLength(12);
    await api.call("createwallet", ["bob", PASSWORD]);
    expect(await api.call("listwallets")).toEqual(["alice", "bob"]);
    // Two wallets loaded: a wallet method must name one.
    expect((await failure(api.call("getbalance"))).code).toBe("API_WALLET_NOT_SPECIFIED");

    const balanceEvents: WalletEventPayloads["wallet:balanceChanged"][] = [];
    subscribeWalletEvent(wallets, "wallet:balanceChanged", (e) => balanceEvents.push(e));
    const aliceAddress = (await api.call("getnewaddress", { wallet_name: "alice" })) as string;
    const faucetTx = (await api.call("faucet", [aliceAddress, "100"])) as string;
    const alice = wallets.get("alice");
    await settle(t, () => alice.tracker.transaction(faucetTx)?.status.state === "final");
    expect(await api.call("getbalances", { wallet_name: "alice" })).toEqual({
      spendable: "100",
      pending: "0",
      locked: "0",
      immature: "0",
    });

    expect(balanceEvents.at(-1)).toMatchObject({ wallet: "alice", balance: { spendable: "100" } });
    const bobAddress = (await api.call("getnewaddress", { wallet_name: "bob" })) as string;
    const locked = await failure(
      api.call("sendtoaddress", { address: bobAddress, amount: "10", wallet_name: "alice" }),
    );
    expect(locked.code).toBe("API_WALLET_UNLOCK_NEEDED");
    const wrong = await failure(
      api.call("walletpassphrase", { passphrase: "not it", timeout: 60, wallet_name: "alice" }),
    );
    expect(wrong.code).toBe("API_WALLET_PASSPHRASE_INCORRECT");
    expect(wrong.rpcCode).toBe(-14);

    await api.call("walletpassphrase", { passphrase: PASSWORD, timeout: 60, wallet_name: "alice" });
    const badAddress = await failure(
      api.call("sendtoaddress", { address: "TIME1nope", amount: "1", wallet_name: "alice" }),
    );
    expect(badAddress.rpcCode).toBe(-5);
    const tooMuch = await failure(
      api.call("sendtoaddress", { address: bobAddress, amount: "1000", wallet_name: "alice" }),
    );
    expect(tooMuch.code).toBe("API_WALLET_INSUFFICIENT_FUNDS");
    expect(tooMuch.data.details?.spendable).toBe("100");

    // The review before sending is exact: the same plan sendtoaddress then signs.
    await api.call("walletlock", { wallet_name: "alice" });
    const preview = (await api.call("previewsend", {
      address: bobAddress,
      amount: "10",
      wallet_name: "alice",
    })) as {
      outputs: { address: string; amount: string; isChange: boolean }[];
      fee: string;
      sent: string;
    };
    expect(preview.sent).toBe("10");
    expect(preview.outputs.filter((o) => !o.isChange)).toEqual([
      { address: bobAddress, amount: "10", isChange: false },
    ]);
    expect(
      (await failure(api.call("previewsend", { address: "TIME1nope", amount: "1", wallet_name: "alice" })))
        .code,
    ).toBe("API_NOT_FOUND");
    await api.call("walletpassphrase", { passphrase: PASSWORD, timeout: 60, wallet_name: "alice" });
    const txid = (await api.call("sendtoaddress", [bobAddress, "10", null, null, null, "alice"])) as string;
    expect(t.node.services.mempool.has(txid)).toBe(true);
    const bob = wallets.get("bob");
    await settle(t, () => bob.tracker.transaction(txid)?.status.state === "final");
    const sent = (await api.call("gettransaction", { txid, wallet_name: "alice" })) as {
      status: string;
      fee: string;
    };
    expect(sent.status).toBe("final");
    expect(await api.call("getbalance", { wallet_name: "bob" })).toBe("10");
    const aliceAfter = (await api.call("getbalances", { wallet_name: "alice" })) as { spendable: string };
    expect(aliceAfter.spendable).toBe(String(100 - 10 - Number(sent.fee)));

    // The fee out of the amount: bob gets 5 less the fee, alice pays exactly 5.
    const spendableBefore = alice.tracker.balance().spendable;
    const net = (await api.call("sendtoaddress", {
      address: bobAddress,
      amount: "5",
      subtractfeefromamount: true,
      wallet_name: "alice",
    })) as string;
    await settle(t, () => bob.tracker.transaction(net)?.status.state === "final");
    const netTx = bob.tracker.transaction(net);
    const aliceNet = alice.tracker.transaction(net);
    expect(aliceNet?.fee).not.toBeNull();
    expect(netTx?.received).toBe(5n * 100_000_000n - (aliceNet?.fee ?? 0n));
    expect(spendableBefore - alice.tracker.balance().spendable).toBe(5n * 100_000_000n);

    await api.call("walletlock", { wallet_name: "alice" });
    expect(alice.locked).toBe(true);
    expect(
      (await failure(api.call("sendtoaddress", { address: bobAddress, amount: "1", wallet_name: "alice" })))
        .code,
    ).toBe("API_WALLET_UNLOCK_NEEDED");
    // Locked, it still watches: a payment to it arrives.
    const again = (await api.call("faucet", [aliceAddress, "5"])) as string;
    await settle(t, () => alice.tracker.transaction(again)?.status.state === "final");
    expect(
      ((await api.call("getbalances", { wallet_name: "alice" })) as { spendable: string }).spendable,
    ).toBe(String(90 - Number(sent.fee)));
    expect((await failure(api.call("getbalance", { wallet_name: "carol" }))).code).toBe(
      "API_WALLET_NOT_FOUND",
    );

    // Manual coin control: the 5-TIME coin alone pays 1 TIME, though the larger change coin comes first.
    const coins = (await api.call("listunspent", { wallet_name: "alice" })) as {
      txid: string;
      vout: number;
      amount: string;
    }[];
    const small = coins.find((c) => c.txid === again);
    expect(small?.amount).toBe("5");
    const chosen = [{ txid: again, vout: small?.vout ?? -1 }];
    const controlled = (await api.call("previewsend", {
      address: bobAddress,
      amount: "1",
      wallet_name: "alice",
      inputs: chosen,
    })) as { inputs: { outpoint: string; amount: string }[] };
    expect(controlled.inputs).toEqual([
      expect.objectContaining({ outpoint: `${again}:${small?.vout}`, amount: "5" }),
    ]);
    const unknownCoin = await failure(
      api.call("previewsend", {
        address: bobAddress,
        amount: "1",
        wallet_name: "alice",
        inputs: [{ txid: "ab".repeat(32), vout: 0 }],
      }),
    );
    expect(unknownCoin.message).toMatch(/coin/i);
    expect(
      (await failure(api.call("previewsend", [bobAddress, "1", false, "alice", [{ txid: "zz", vout: 0 }]])))
        .rpcCode,
    ).toBe(-32602);
    await api.call("walletpassphrase", { passphrase: PASSWORD, timeout: 60, wallet_name: "alice" });
    const controlledTxid = (await api.call("sendtoaddress", {
      address: bobAddress,
      amount: "1",
      wallet_name: "alice",
      inputs: chosen,
    })) as string;
    const spent = t.node.services.mempool.get(controlledTxid);
    expect(spent?.tx.inputs.map((i) => `${toHex(i.prevout.txid)}:${i.prevout.index}`)).toEqual([
      `${again}:${small?.vout}`,
    ]);

    // A chosen fee rate: the preview and the transaction in the mempool pay exactly size x rate.
    const rated = (await api.call("previewsend", {
      address: bobAddress,
      amount: "1",
      wallet_name: "alice",
      fee_rate: 30,
    })) as { fee: string; size: number; feeRate: string };
    expect(rated.feeRate).toBe("30.00");
    expect(BigInt(Math.round(Number(rated.fee) * 1e8))).toBe(BigInt(rated.size) * 30n);
    const ratedTxid = (await api.call("sendtoaddress", {
      address: bobAddress,
      amount: "1",
      wallet_name: "alice",
      fee_rate: 30,
    })) as string;
    const ratedEntry = t.node.services.mempool.get(ratedTxid);
    expect(ratedEntry?.fee).toBe(BigInt(ratedEntry?.size ?? 0) * 30n);
    for (const fee_rate of [5, 1_001, 12.5, "20"]) {
      const refused = await failure(
        api.call("previewsend", { address: bobAddress, amount: "1", wallet_name: "alice", fee_rate }),
      );
      expect(refused.rpcCode).toBe(-32602);
      expect(refused.message).toMatch(/sat per byte from 10 \(the network minimum\) to 1000/);
    }

    for (const reply of replies) expect(reply).not.toContain(PASSWORD);
    // The mnemonic appears in createwallet's reply only.
    expect(replies.filter((r) => r.includes(created.mnemonic))).toHaveLength(1);
  }, 60_000);

  it("restores the same addresses from a mnemonic, refuses a bad one, and auto-locks when idle", async () => {
    const { api, wallets } = await setup();
    const { mnemonic } = (await api.call("createwallet", ["one", PASSWORD, 24])) as { mnemonic: string };
    const first = await api.call("getnewaddress", { wallet_name: "one" });
    const bad = await failure(api.call("restorewallet", ["two", "abandon abandon", PASSWORD]));
    expect(bad.rpcCode).toBe(-8);
    expect(bad.message).not.toContain("abandon");
    await api.call("restorewallet", { wallet_name: "two", mnemonic, passphrase: PASSWORD });
    expect(await api.call("getnewaddress", { wallet_name: "two" })).toBe(first);
    const listed = (await api.call("listaddresses", { wallet_name: "two" })) as {
      address: string;
      path: string;
    }[];
    expect(listed[0]).toMatchObject({ address: first, path: "m/44'/0'/0'/0'/0'" });

    const lockEvents: unknown[] = [];
    subscribeWalletEvent(wallets, "wallet:lockChanged", (e) => lockEvents.push(e));
    await wallets.unlock("two", PASSWORD, 50);
    expect(wallets.get("two").locked).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(wallets.get("two").locked).toBe(true);
    expect(lockEvents).toEqual([
      { wallet: "two", locked: false, reason: "unlock" },
      { wallet: "two", locked: true, reason: "idle" },
    ]);

    await api.call("unloadwallet", ["two"]);
    expect(await api.call("listwallets")).toEqual(["one"]);
    expect((await failure(api.call("loadwallet", ["two", "wrong password"]))).code).toBe(
      "API_WALLET_PASSPHRASE_INCORRECT",
    );
    await api.call("loadwallet", ["two", PASSWORD]);
    await api.call("walletpassphrasechange", {
      oldpassphrase: PASSWORD,
      newpassphrase: "another one 8",
      wallet_name: "two",
    });
    expect((await failure(api.call("walletpassphrase", [PASSWORD, 10, "two"]))).code).toBe(
      "API_WALLET_PASSPHRASE_INCORRECT",
    );
    await api.call("walletpassphrase", ["another one 8", 10, "two"]);
  }, 60_000);

  it("keeps the backup flag in the keystore: set once the words are confirmed, true for a restore", async () => {
    const { api } = await setup();
    const { mnemonic } = (await api.call("createwallet", ["fresh", PASSWORD])) as { mnemonic: string };
    const info = async (name: string) =>
      (await api.call("getwalletinfo", { wallet_name: name })) as { backed_up: boolean };
    expect((await info("fresh")).backed_up).toBe(false);
    await api.call("walletlock", { wallet_name: "fresh" });
    expect((await failure(api.call("setwalletflag", { flag: "backed_up", wallet_name: "fresh" }))).code).toBe(
      "API_WALLET_UNLOCK_NEEDED",
    );
    await api.call("walletpassphrase", [PASSWORD, 60, "fresh"]);
    expect(await api.call("setwalletflag", ["backed_up", true, "fresh"])).toEqual({
      flag_name: "backed_up",
      flag_state: true,
    });
    expect((await info("fresh")).backed_up).toBe(true);
    // Kept in the keystore: a reload (another window, another browser, the desktop app) sees it.
    await api.call("unloadwallet", ["fresh"]);
    await api.call("loadwallet", ["fresh", PASSWORD]);
    expect((await info("fresh")).backed_up).toBe(true);
    await api.call("walletpassphrase", [PASSWORD, 60, "fresh"]);
    await api.call("setwalletflag", { flag: "backed_up", value: false, wallet_name: "fresh" });
    expect((await info("fresh")).backed_up).toBe(false);
    const unknown = await failure(api.call("setwalletflag", ["avoid_reuse", true, "fresh"]));
    expect(unknown.rpcCode).toBe(-32602);
    expect(unknown.message).toMatch(/the only flag is "backed_up"/);
    // Restored from the words: the words are the backup.
    await api.call("restorewallet", { wallet_name: "again", mnemonic, passphrase: PASSWORD });
    expect((await info("again")).backed_up).toBe(true);
  }, 60_000);

  it("keeps an address book, encrypted in the keystore, that survives a reload", async () => {
    const { api } = await setup();
    await api.call("createwallet", ["book", PASSWORD]);
    await api.call("createwallet", ["other", PASSWORD]);
    const friend = (await api.call("getnewaddress", { wallet_name: "other" })) as string;
    const shop = (await api.call("getnewaddress", { wallet_name: "other" })) as string;
    expect(await api.call("listaddressbook", { wallet_name: "book" })).toEqual([]);
    await api.call("walletlock", { wallet_name: "book" });
    expect(
      (
        await failure(
          api.call("setaddressbookentry", { address: friend, label: "Friend", wallet_name: "book" }),
        )
      ).code,
    ).toBe("API_WALLET_UNLOCK_NEEDED");
    await api.call("walletpassphrase", [PASSWORD, 60, "book"]);
    await api.call("setaddressbookentry", {
      address: shop,
      label: "Shop",
      note: "coffee",
      wallet_name: "book",
    });
    await api.call("setaddressbookentry", [friend, "Friend", null, "book"]);
    await api.call("setaddressbookentry", { address: friend, label: "Best friend", wallet_name: "book" });
    const bad = await failure(
      api.call("setaddressbookentry", { address: "TIME1nope", label: "x", wallet_name: "book" }),
    );
    expect(bad.code).toBe("API_NOT_FOUND");
    expect((await failure(api.call("setaddressbookentry", [shop, "", null, "book"]))).code).toBe(
      "API_INVALID_PARAMS",
    );
    const expected = [
      { address: friend, label: "Best friend", note: "" },
      { address: shop, label: "Shop", note: "coffee" },
    ];
    expect(await api.call("listaddressbook", { wallet_name: "book" })).toEqual(expected);
    await api.call("unloadwallet", ["book"]);
    await api.call("loadwallet", ["book", PASSWORD]);
    // Readable while locked (the copy made at load), changed only unlocked.
    expect(await api.call("listaddressbook", { wallet_name: "book" })).toEqual(expected);
    await api.call("walletpassphrase", [PASSWORD, 60, "book"]);
    expect(await api.call("removeaddressbookentry", [shop, "book"])).toBe(true);
    expect(await api.call("removeaddressbookentry", [shop, "book"])).toBe(false);
    expect(await api.call("listaddressbook", ["book"])).toEqual([expected[0]]);
    // BIP-329: labels out, and into another wallet.
    await api.call("setlabel", { address: shop, label: "Shop", wallet_name: "book" });
    const exported = (await api.call("exportlabels", ["book"])) as string;
    expect(
      exported
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l)),
    ).toEqual([
      { type: "addr", ref: shop, label: "Shop" },
      { type: "addr", ref: friend, label: "Best friend" },
    ]);
    await api.call("walletpassphrase", [PASSWORD, 60, "other"]);
    expect(
      await api.call("importlabels", [`${exported}{"type":"xpub","ref":"x","label":"y"}\n`, "other"]),
    ).toEqual({
      imported: 2,
      skipped: 1,
    });
    const broken = await failure(api.call("importlabels", ['{"type":"tx","ref":"zz","label":"x"}', "other"]));
    expect(broken.code).toBe("API_INVALID_PARAMETER");
    expect(broken.message).toContain("line 1");
  }, 60_000);

  it("sets up a masternode in two steps: the exact collateral to itself, then the registration", async () => {
    const { t, api, wallets, replies } = await setup();
    await api.call("createwallet", ["mn", PASSWORD]);
    const address = (await api.call("getnewaddress")) as string;
    const funding = (await api.call("faucet", [address, "1100"])) as string;
    const wallet = wallets.get("mn");
    await settle(t, () => wallet.tracker.transaction(funding)?.status.state === "final");
    const request = { label: "node-a", tier: "bronze", network_address: "127.0.0.1:24100" };
    expect((await failure(api.call("masternodesetup", request))).code).toBe("API_WALLET_UNLOCK_NEEDED");
    await api.call("walletpassphrase", [PASSWORD, 60]);
    const first = (await api.call("masternodesetup", request)) as { state: string; txid: string };
    expect(first.state).toBe("collateral-sent");
    await settle(t, () => wallet.tracker.transaction(first.txid)?.status.state === "final");
    const second = (await api.call("masternodesetup", request)) as {
      state: string;
      txid: string;
      operator: string;
    };
    expect(second.state).toBe("registered");
    expect(second.operator).toMatch(/^[0-9a-f]{64}$/);
    const registration = t.node.services.mempool.get(second.txid)?.tx;
    expect(registration?.special?.kind).toBe("masternodeRegistration");
    await settle(t, () => wallet.tracker.transaction(second.txid)?.status.state === "final");
    // Until a block holds it the chain has no record; the info says so, and the operator key survives a reload.
    const info = (await api.call("masternodeinfo")) as {
      label: string;
      operator: string;
      registered: boolean;
    }[];
    expect(info).toEqual([
      expect.objectContaining({ label: "node-a", operator: second.operator, registered: false }),
    ]);
    await api.call("unloadwallet");
    await api.call("loadwallet", ["mn", PASSWORD]);
    expect(((await api.call("masternodeinfo")) as { operator: string }[])[0]?.operator).toBe(second.operator);
    expect((await failure(api.call("masternoderemove", ["node-a"]))).data.details?.rule).toBe(
      "not-registered",
    );
    // A payout change needs the registration in a block too (wallet-service.test.ts changes a registered
    // one); a mistyped address is refused as an address (-5) before anything else.
    const payout = (await api.call("getnewaddress")) as string;
    const early = await failure(api.call("masternodesetpayout", { label: "node-a", payout_address: payout }));
    expect(early.data.details?.rule).toBe("not-registered");
    // The last character changed to another one (an "x" for an address that ends in "x" was no typo).
    const mistyped = `${payout.slice(0, -1)}${payout.endsWith("x") ? "y" : "x"}`;
    const typo = await failure(api.call("masternodesetpayout", ["node-a", mistyped]));
    expect(typo.rpcCode).toBe(-5);
    for (const reply of replies) expect(reply).not.toContain(PASSWORD);
  }, 60_000);
});
