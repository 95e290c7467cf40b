// The wallet end to end on a devnet of four real timed daemons (the genesis masternodes), through JSON-RPC
// only: a wallet restored from the foundation derivation vectors ("abandon … about") shows the pinned
// addresses, is funded from the faucet, pays a wallet created on another node and the payment is final on
// both (the time is printed, not asserted); a restored copy of the same wallet on a third node spending the
// same coins at the same moment loses (refused or rejected; never both final); lock and unlock give their
// codes; a Bronze masternode registered from the wallet locks its collateral; a plain node whose wallet
// sets up a masternode starts again as that masternode, turns active, is paid in a later block and
// deregisters (its collateral spendable again); a wallet whose daemon restarted catches up from its
// checkpoint; and no reply, result, error or daemon log holds a password.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeAddress, parseAddress } from "../keys/index.js";
import { DEVNET, MAINNET } from "../params/index.js";
import { Devnet, DevnetRpcError } from "./devnet.js";
import { pollUntil } from "./poll.js";

/** The four genesis masternodes and a plain node (node 5) that will run a masternode its wallet sets up. */
const NODES = 5;
const BLOCK_MS = 1_000;
const ABANDON_12 =
  "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
/** The pinned mainnet addresses of receive indices 0 and 1 (wallet/accounts' vectors), on devnet's digit. */
const VECTOR_ADDRESSES = [
  "TIME1AXFLiWUT5wLFBTLuF4Nw4SkeUt2zaBtRh",
  "TIME133HfsePpKSiryPMfVkFbfgGWXqePvAFn9",
].map((text) => encodeAddress(parseAddress(text, MAINNET), DEVNET));
const PASSWORDS = [
  "vector wallet pass 1",
  "second wallet pass 2",
  "copy wallet pass 3",
  "operator wallet pass 4",
];

interface WalletTx {
  readonly txid: string;
  readonly status: string;
  readonly status_text: string;
  readonly final_ms: number | null;
  readonly reason: string | null;
}

let devnet: Devnet;
let dataDir: string;
/** Every reply and error text of the wallet calls, checked for passwords at the end. */
const seen: string[] = [];

async function rpc<T>(
  node: number,
  method: string,
  params: unknown[] | Record<string, unknown> = [],
): Promise<T> {
  try {
    const result = await devnet.rpc<T>(node, method, params);
    seen.push(JSON.stringify(result) ?? "null");
    return result;
  } catch (error) {
    seen.push(String(error));
    throw error;
  }
}

async function rpcError(
  node: number,
  method: string,
  params: unknown[] | Record<string, unknown>,
): Promise<DevnetRpcError> {
  try {
    await rpc(node, method, params);
  } catch (error) {
    if (error instanceof DevnetRpcError) return error;
    throw error;
  }
  throw new Error(`${method} was expected to fail`);
}

function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | null>): Promise<T> {
  return pollUntil(what, timeoutMs, probe, 20);
}

async function walletTx(node: number, wallet: string, txid: string): Promise<WalletTx | null> {
  try {
    return await devnet.rpc<WalletTx>(node, "gettransaction", { txid, wallet_name: wallet });
  } catch {
    return null; // not known to that wallet yet
  }
}

async function spendable(node: number, wallet: string): Promise<string> {
  return (await rpc<{ spendable: string }>(node, "getbalances", { wallet_name: wallet })).spendable;
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "timecoin-devnet-wallet-"));
  devnet = await Devnet.create({
    nodes: NODES,
    dataDir,
    blockTimeMs: BLOCK_MS,
    subnet: "127.0.81",
    logLevel: "info",
  });
  await devnet.start();
  await devnet.waitReady(120_000, 2);
}, 180_000);

afterAll(async () => {
  await devnet?.stop();
  await rm(dataDir, { recursive: true, force: true });
}, 60_000);

describe("the wallet on a devnet", () => {
  it("restores the vectors, funds, sends final to another node, loses a conflicting copy, locks", async () => {
    await rpc(1, "restorewallet", { wallet_name: "vectors", mnemonic: ABANDON_12, passphrase: PASSWORDS[0] });
    const addresses = await rpc<{ address: string; path: string }[]>(1, "listaddresses", ["vectors"]);
    expect(addresses[0]).toMatchObject({ address: VECTOR_ADDRESSES[0], path: "m/44'/0'/0'/0'/0'" });

    const faucetTx = await rpc<string>(1, "faucet", [VECTOR_ADDRESSES[0], "1000"]);
    await until("the faucet payment final in the wallet", 30_000, async () =>
      (await walletTx(1, "vectors", faucetTx))?.status === "final" ? true : null,
    );
    expect(await spendable(1, "vectors")).toBe("1000");
    // Paid, the next address is the vectors' second one.
    expect(await rpc(1, "getnewaddress", ["", "vectors"])).toBe(VECTOR_ADDRESSES[1]);

    const created = await rpc<{ mnemonic: string }>(2, "createwallet", ["receiver", PASSWORDS[1]]);
    expect(created.mnemonic.split(" ")).toHaveLength(24);
    const receiverAddress = await rpc<string>(2, "getnewaddress", []);

    expect((await rpcError(1, "sendtoaddress", [receiverAddress, "25"])).code).toBe(-13);
    expect((await rpcError(1, "walletpassphrase", ["wrong", 60])).code).toBe(-14);
    await rpc(1, "walletpassphrase", [PASSWORDS[0], 120]);
    const started = performance.now();
    const txid = await rpc<string>(1, "sendtoaddress", { address: receiverAddress, amount: "25" });
    const [sender, receiver] = await Promise.all([
      until("final for the sender", 30_000, async () => {
        const tx = await walletTx(1, "vectors", txid);
        return tx?.status === "final" ? performance.now() - started : null;
      }),
      until("final for the receiver", 30_000, async () => {
        const tx = await walletTx(2, "receiver", txid);
        return tx?.status === "final" ? performance.now() - started : null;
      }),
    ]);
    console.log(
      `wallet send: final for the sender after ${sender.toFixed(0)} ms, for the receiver on another node after ${receiver.toFixed(0)} ms (from sendtoaddress returning, polled every 20 ms)`,
    );
    expect(await spendable(2, "receiver")).toBe("25");

    // A restored copy of the same wallet on node 3 sees the same coins; both spend them at the same moment.
    await rpc(3, "restorewallet", ["copy", ABANDON_12, PASSWORDS[2]]);
    const before = await spendable(1, "vectors");
    await until("the copy's restore scan", 60_000, async () =>
      (await spendable(3, "copy")) === before ? true : null,
    );
    await rpc(3, "walletpassphrase", [PASSWORDS[2], 120]);
    const results = await Promise.allSettled([
      rpc<string>(1, "sendtoaddress", [receiverAddress, "100"]),
      rpc<string>(3, "sendtoaddress", [receiverAddress, "200"]),
    ]);
    // Each spend is followed where it was sent (the other node may never take the loser into its pool).
    const senders = [
      { node: 1, wallet: "vectors" },
      { node: 3, wallet: "copy" },
    ] as const;
    const accepted = results.flatMap((r, i) =>
      r.status === "fulfilled" ? [{ txid: r.value, ...senders[i]! }] : [],
    );
    expect(accepted.length).toBeGreaterThanOrEqual(1);
    const outcomes = await Promise.all(
      accepted.map(({ txid, node, wallet }) =>
        until(`the spend decided in ${wallet}`, 30_000, async () => {
          const tx = await walletTx(node, wallet, txid);
          return tx?.status === "final" || tx?.status === "rejected" ? tx : null;
        }),
      ),
    );
    // Exactly one of the two conflicting spends is final; the other was refused at once or rejected.
    expect(outcomes.filter((tx) => tx.status === "final")).toHaveLength(1);
    const loser = outcomes.find((tx) => tx.status === "rejected");
    expect(accepted.length === 1 || loser !== undefined).toBe(true);
    if (loser !== undefined) console.log(`the conflicting spend: ${loser.status_text}`);
    else
      console.log(
        `the conflicting spend was refused: ${String(results.find((r) => r.status === "rejected")?.reason)}`,
      );
    // A neutral node agrees: never both final.
    const finality = await Promise.all(
      accepted.map(({ txid }) =>
        devnet.rpc<{ status: string }>(2, "waittransactionfinality", [txid, 10_000]),
      ),
    );
    expect(finality.filter((f) => f.status === "final").length).toBeLessThanOrEqual(1);

    await rpc(1, "walletlock", []);
    expect((await rpcError(1, "sendtoaddress", [receiverAddress, "1"])).code).toBe(-13);
    const info = await rpc<{ locked: boolean }>(1, "getwalletinfo", []);
    expect(info.locked).toBe(true);

    for (const text of seen) for (const password of PASSWORDS) expect(text).not.toContain(password);
  }, 150_000);

  it("registers a Bronze masternode from the wallet (collateral locked in a block, shown inactive with the reason)", async () => {
    await rpc(1, "walletpassphrase", [PASSWORDS[0], 300]);
    const request = {
      label: "bronze-1",
      tier: "bronze",
      network_address: "127.0.81.99:24100",
      wallet_name: "vectors",
    };
    const funding = await rpc<string>(1, "faucet", [VECTOR_ADDRESSES[0], "1200"]);
    await until("the funding final", 30_000, async () =>
      (await walletTx(1, "vectors", funding))?.status === "final" ? true : null,
    );
    const first = await rpc<{ state: string; txid: string }>(1, "masternodesetup", request);
    if (first.state === "collateral-sent") {
      await until("the collateral final", 30_000, async () =>
        (await walletTx(1, "vectors", first.txid))?.status === "final" ? true : null,
      );
    }
    const registered = await rpc<{ state: string; txid: string; operator: string }>(
      1,
      "masternodesetup",
      request,
    );
    expect(registered.state).toBe("registered");
    const info = await until("the registration in a block", 60_000, async () => {
      const list = await rpc<{ registered: boolean; tier: string; active: boolean; reason: string | null }[]>(
        1,
        "masternodeinfo",
        ["vectors"],
      );
      return list[0]?.registered === true ? list[0] : null;
    });
    expect(info.tier).toBe("bronze");
    // No daemon runs with the new operator key, so it is not active, and the reason says why.
    expect(info.active).toBe(false);
    expect(info.reason).toContain("heartbeat");
    expect((await rpc<{ locked: string }>(1, "getbalances", ["vectors"])).locked).toBe("1000");
    // Another node's registry has it too, once that node has the block.
    await until("the masternode on node 2", 30_000, async () => {
      const list = await rpc<{ operator: string }[]>(2, "masternodelist", []);
      return list.some((m) => m.operator === registered.operator) ? true : null;
    });

    // masternoderemove is exercised in the next test, once the registration is settled blocks deep.
    for (const text of seen) for (const password of PASSWORDS) expect(text).not.toContain(password);
  }, 150_000);

  it("runs the masternode a wallet set up on its own plain node: restarted with its key, active", async () => {
    const password = PASSWORDS[3] as string;
    await rpc(5, "createwallet", ["operator", password]);
    const address = await rpc<string>(5, "getnewaddress", ["", "operator"]);
    const funding = await rpc<string>(1, "faucet", [address, "1100"]);
    await until("the funding final on node 5", 30_000, async () =>
      (await walletTx(5, "operator", funding))?.status === "final" ? true : null,
    );
    await rpc(5, "walletpassphrase", [password, 600]);
    const request = {
      label: "bronze-5",
      tier: "bronze",
      network_address: "127.0.81.5:24200",
      wallet_name: "operator",
    };
    const first = await rpc<{ state: string; txid: string }>(5, "masternodesetup", request);
    if (first.state === "collateral-sent") {
      await until("the collateral final", 30_000, async () =>
        (await walletTx(5, "operator", first.txid))?.status === "final" ? true : null,
      );
    }
    const registered = await rpc<{ state: string; operator: string }>(5, "masternodesetup", request);
    expect(registered.state).toBe("registered");
    // Not before its registration is in a block.
    const early = await rpcError(5, "masternodestart", ["bronze-5", "operator"]);
    expect(early.message).toMatch(/not in a block yet|is registered/);
    await until("the registration in a block", 60_000, async () => {
      const list = await rpc<{ registered: boolean }[]>(5, "masternodeinfo", ["operator"]);
      return list[0]?.registered === true ? true : null;
    });
    // A node that runs another masternode refuses a second one.
    expect((await rpcError(1, "masternodestart", ["bronze-1", "vectors"])).message).toContain("already runs");
    const started = await rpc<{ state: string; operator: string }>(5, "masternodestart", [
      "bronze-5",
      "operator",
    ]);
    expect(started).toEqual({ state: "restarting", operator: registered.operator });
    // The daemon starts again in the same process with the operator key; its wallet needs loading again.
    await until("node 5 back", 60_000, async () => {
      try {
        return (await devnet.rpc<string[]>(5, "listwallets", [])).length === 0 ? true : null;
      } catch {
        return null;
      }
    });
    await rpc(5, "loadwallet", ["operator", password]);
    const active = await until("active as node 1 sees it", 120_000, async () => {
      const list = await rpc<{ operator: string; active: boolean }[]>(1, "masternodelist", []);
      return list.some((m) => m.operator === registered.operator && m.active) ? true : null;
    });
    expect(active).toBe(true);
    const mine = await rpc<{ running_here: boolean; active: boolean }[]>(5, "masternodeinfo", ["operator"]);
    expect(mine[0]).toMatchObject({ running_here: true, active: true });
    // It earns: a later block's reward pays its payout address, and masternodeinfo reports it.
    const { payout_address: payout, registered_height: registeredHeight } = mine[0] as unknown as {
      payout_address: string;
      registered_height: number;
    };
    const paid = await until("a reward to the masternode's payout address", 60_000, async () => {
      const list = await rpc<
        { last_reward: string | null; last_reward_height: number | null; total_rewards: string }[]
      >(5, "masternodeinfo", ["operator"]);
      return list[0]?.last_reward != null ? list[0] : null;
    });
    expect(paid.last_reward_height).toBeGreaterThan(registeredHeight);
    const rewardBlock = await rpc<{ tx: { vout: { value: string; address: string }[] }[] }>(1, "getblock", [
      await rpc<string>(1, "getblockhash", [paid.last_reward_height]),
      2,
    ]);
    expect(rewardBlock.tx[0]?.vout).toContainEqual(
      expect.objectContaining({ address: payout, value: paid.last_reward }),
    );
    expect(Number(paid.total_rewards)).toBeGreaterThanOrEqual(Number(paid.last_reward));

    // Deregistration releases the collateral: locked before, spendable once the deregistration is final. The
    // registration is blocks deep by now, so Snowball has forgotten it as settled and the deregistration
    // (which spends the collateral) is not lost to it (kernel/conflict-keys.ts).
    const before = await rpc<{ spendable: string; locked: string }>(5, "getbalances", ["operator"]);
    expect(before.locked).toBe("1000");
    await rpc(5, "walletpassphrase", [password, 600]); // loaded again after the restart: locked
    const removal = await rpc<string>(5, "masternoderemove", ["bronze-5", "operator"]);
    await until("the deregistration final on node 5", 60_000, async () =>
      (await walletTx(5, "operator", removal))?.status === "final" ? true : null,
    );
    const after = await until("the collateral released", 60_000, async () => {
      const b = await rpc<{ spendable: string; locked: string }>(5, "getbalances", ["operator"]);
      return b.locked === "0" ? b : null;
    });
    expect(Number(after.spendable)).toBeGreaterThan(Number(before.spendable) + 999);
    await until("the masternode gone from node 1's registry", 60_000, async () => {
      const list = await rpc<{ operator: string }[]>(1, "masternodelist", []);
      return list.some((m) => m.operator === registered.operator) ? null : true;
    });
    for (const text of seen) for (const password of PASSWORDS) expect(text).not.toContain(password);
  }, 400_000);

  it("catches a wallet up after its daemon restarts (from the scan checkpoint)", async () => {
    const before = await rpc<{ spendable: string }>(2, "getbalances", ["receiver"]);
    const receiverAddress = await rpc<string>(2, "getnewaddress", ["", "receiver"]);
    await devnet.stopNode(2);
    // Paid while its node is down: the wallet must find it when it loads again.
    const paid = await rpc<string>(1, "faucet", [receiverAddress, "1"]);
    await rpc(1, "waittransactionfinality", [paid, 15_000]);
    devnet.startNode(2);
    await devnet.waitReady(60_000, 2);
    expect(await rpc(2, "listwallets")).toEqual([]);
    await rpc(2, "loadwallet", ["receiver", PASSWORDS[1]]);
    const info = await until("the scan done", 60_000, async () => {
      const i = await rpc<{
        scanning: unknown;
        scan_resumed_from: number | null;
        balances: { spendable: string };
      }>(2, "getwalletinfo", []);
      return i.scanning === false ? i : null;
    });
    // The payment may first reach the restarted node's pool ahead of its own vote on it ("pending"); what
    // the wallet must reach is final.
    const tx = await until("the payment final in the wallet", 30_000, async () => {
      const found = await walletTx(2, "receiver", paid);
      return found?.status === "final" ? found : null;
    });
    expect(tx.status).toBe("final");
    expect(Number((await rpc<{ spendable: string }>(2, "getbalances", [])).spendable)).toBe(
      Number(before.spendable) + 1,
    );
    console.log(`after the restart the wallet's scan resumed from height ${String(info.scan_resumed_from)}`);
    // Nor do the daemons' logs hold a password or the vector mnemonic.
    for (const n of devnet.nodes) {
      const log = await readFile(n.logFile, "utf8");
      for (const secret of [...PASSWORDS, ABANDON_12])
        expect(log, `node ${n.node}'s log`).not.toContain(secret);
    }
  }, 150_000);
});
