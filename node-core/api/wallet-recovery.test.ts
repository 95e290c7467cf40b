// explaintransaction and abandontransaction over WalletService on a real node (createNode over the devnet
// genesis, the in-memory chain store, virtual time; Snowball queries answered YES only when the test says
// so): a send nobody votes on is explained as stuck after 30 s, abandoned (its coins spendable again,
// while locked), stays abandoned across an unload and load with the pool still holding it, and a final
// transaction is refused with -5. The time-cli help lists both methods through the one table.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DEVNET } from "../params/index.js";
import { silentLogger } from "../util/index.js";
import { Keystore, WalletService } from "../wallet/index.js";
import { type Api, ApiError, apiMethods, createApi } from "./index.js";
import { startTestApi, type TestApi } from "./test-support.js";

const PASSWORD = "correct horse battery staple 7";
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(): Promise<{ t: TestApi; api: Api; wallets: WalletService }> {
  const t = await startTestApi(DEVNET);
  t.node.start();
  const dir = await mkdtemp(join(tmpdir(), "wallet-recovery-"));
  const wallets = new WalletService(
    { dir, network: DEVNET, finalityPollMs: 10 },
    {
      node: t.node,
      view: t.backend,
      clock: t.time,
      logger: silentLogger,
      keystore: new Keystore({ kdf: { memoryKiB: 19 * 1024, iterations: 2, parallelism: 1 } }),
    },
  );
  const api = await createApi({ ...t.api.runtime.ctx, wallets });
  cleanups.push(async () => {
    api.close();
    await wallets.close();
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });
  return { t, api, wallets };
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

/** Advances virtual time, answering Snowball's queries only when `answer`, until `done` holds. */
async function run(t: TestApi, done: () => boolean, answer = true): Promise<void> {
  for (let round = 0; round < 2000 && !done(); round++) {
    t.time.runUntil(t.time.now() + 20);
    if (answer) t.answerQueries();
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  if (!done()) throw new Error("not settled");
}

interface Explained {
  status: string;
  abandoned: boolean;
  stuck: boolean;
  can_abandon: boolean;
  problem: string;
  explanation: string;
  paid: string;
  recipients: { address: string; amount: string }[];
  inputs: { txid: string; vout: number; amount: string | null; state: string }[];
}

describe("explaintransaction and abandontransaction", () => {
  it("explains a stuck send, abandons it while locked, keeps it abandoned across a reload", async () => {
    const { t, api, wallets } = await setup();
    await api.call("createwallet", ["alice", PASSWORD]);
    const address = (await api.call("getnewaddress")) as string;
    const faucetTx = (await api.call("faucet", [address, "100"])) as string;
    const alice = () => wallets.get("alice");
    await run(t, () => alice().tracker.transaction(faucetTx)?.status.state === "final");

    const final = await failure(api.call("abandontransaction", [faucetTx]));
    expect(final.rpcCode).toBe(-5);
    expect(final.message).toBe(
      `transaction not eligible for abandonment: transaction ${faucetTx} is final: it cannot be abandoned`,
    );
    const unknown = await failure(api.call("explaintransaction", ["ab".repeat(32)]));
    expect(unknown.rpcCode).toBe(-5);

    await api.call("walletpassphrase", [PASSWORD, 60]);
    const recipient = "TIME0Na4Kt69iowYf3JYEACjdsYvecmhZsY3w3";
    const txid = (await api.call("sendtoaddress", { address: recipient, amount: "10" })) as string;
    await api.call("walletlock");
    // Nobody answers the votes: 35 s later it is stuck.
    const start = t.time.now();
    await run(t, () => t.time.now() - start > 35_000, false);
    const stuck = (await api.call("explaintransaction", { txid })) as Explained;
    expect(stuck).toMatchObject({
      status: expect.stringMatching(/pending|voting/),
      stuck: true,
      can_abandon: true,
    });
    expect(stuck.explanation).toMatch(
      /^Not final after 3\d s: .+\. You can abandon it to free its coins, or send again\.$/,
    );
    expect(stuck.paid).toBe("10");
    expect(stuck.recipients).toEqual([{ address: recipient, amount: "10" }]);
    expect(stuck.inputs.map((i) => [i.txid, i.state])).toEqual([[faucetTx, "reserved"]]);
    expect(((await api.call("getbalances")) as { spendable: string }).spendable).toBe("0");

    const abandoned = (await api.call("abandontransaction", [txid])) as {
      abandoned: string[];
      inputs: { txid: string; state: string; amount: string }[];
    };
    expect(abandoned.abandoned).toEqual([txid]);
    expect(abandoned.inputs).toMatchObject([{ txid: faucetTx, state: "free", amount: "100" }]);
    expect(((await api.call("getbalances")) as { spendable: string }).spendable).toBe("100");
    expect(t.node.services.mempool.has(txid)).toBe(true);

    // A restart of the wallet: the pool hands the transaction back; it must not take the coins again.
    await api.call("unloadwallet", ["alice"]);
    await api.call("loadwallet", ["alice", PASSWORD]);
    await alice().tracker.idle();
    await alice().tracker.idle();
    expect(alice().tracker.transaction(txid)?.abandoned).toBe(true);
    expect(((await api.call("getbalances")) as { spendable: string }).spendable).toBe("100");
    expect(((await api.call("explaintransaction", [txid])) as Explained).problem).toBe("abandoned");
  });

  it("the method table (and so the renderer's contract and time-cli) has both methods", () => {
    const table = apiMethods();
    expect(table.get("abandontransaction")?.paramNames).toEqual(["txid", "wallet_name"]);
    expect([...(table.get("explaintransaction")?.textParams ?? [])]).toEqual(["txid", "wallet_name"]);
  });
});
