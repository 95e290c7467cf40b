// The daemon as `npm start` and an installed package run it: the one-file bundle of tools/build-daemon.mjs
// (packages inside, shared chunks, the worker threads beside it), not the TypeScript source. Three daemons
// from the bundle certify blocks over real p2p (noise, yamux, gossipsub), a faucet payment is final on all
// of them, a wallet is created (the Argon2 worker) and signs a payment (the signature-verify worker checks
// it on every node), /metrics answers, and time-cli from the same bundle talks to them. A bundling mistake
// (a package that needs its own files, a lazy import run out of order) fails here rather than for a user.
import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Devnet } from "./devnet.js";
import { pollUntil } from "./poll.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
// Inside the repository, so the bundle's one external package (the LevelDB binding) resolves.
const outDir = join(ROOT, "dist", `daemon-test-${process.pid}`);
const PASSWORD = "bundle wallet pass 7";
let devnet: Devnet;
let dataDir: string;

beforeAll(async () => {
  const built = spawnSync(process.execPath, [join(ROOT, "tools", "build-daemon.mjs"), "--out", outDir], {
    encoding: "utf8",
  });
  if (built.status !== 0) throw new Error(`the bundle did not build:\n${built.stdout}${built.stderr}`);
  // What bin/launch.js does with the bundle: call the program's exported main with the arguments.
  for (const [program, main] of [
    ["timed", "runTimed"],
    ["time-cli", "runCli"],
  ]) {
    await writeFile(
      join(outDir, `${program}-launch.mjs`),
      `import { ${main} } from "./${program}.mjs";\nprocess.exitCode = await ${main}(process.argv.slice(2));\n`,
    );
  }
  dataDir = await mkdtemp(join(tmpdir(), "devnet-bundle-"));
  // A subnet of its own, so another devnet on this machine (another test file) never collides.
  const subnet = `127.${20 + (process.pid % 200)}.${1 + Math.floor(Math.random() * 250)}`;
  devnet = await Devnet.create({
    nodes: 3,
    dataDir,
    blockTimeMs: 1_000,
    subnet,
    timedBin: join(outDir, "timed-launch.mjs"),
  });
  await devnet.start();
  await devnet.waitReady();
});

afterAll(async () => {
  await devnet?.stop();
  if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
  await rm(outDir, { recursive: true, force: true });
});

describe("the daemon bundle", () => {
  it("runs a devnet: blocks, a final payment on every node, a wallet that signs, metrics and time-cli", async () => {
    const heights = await Promise.all([1, 2, 3].map((n) => devnet.rpc<number>(n, "getblockcount")));
    for (const height of heights) expect(height).toBeGreaterThanOrEqual(1);

    await devnet.rpc(2, "createwallet", ["bundled", PASSWORD]);
    const address = await devnet.rpc<string>(2, "getnewaddress", []);
    const funding = await devnet.rpc<string>(1, "faucet", [address, "10"]);
    for (const node of [1, 2, 3]) {
      await pollUntil(`the faucet payment final on node ${node}`, 30_000, async () => {
        const f = await devnet.rpc<{ status: string }>(node, "gettransactionfinality", [funding]);
        return f.status === "final" ? true : null;
      });
    }
    await pollUntil("the funds spendable in the wallet", 30_000, async () => {
      const b = await devnet.rpc<{ spendable: string }>(2, "getbalances", []);
      return b.spendable === "10" ? true : null;
    });
    await devnet.rpc(2, "walletpassphrase", [PASSWORD, 60]);
    const back = await devnet.rpc<string>(2, "getnewaddress", []);
    const payment = await devnet.rpc<string>(2, "sendtoaddress", { address: back, amount: "1" });
    for (const node of [1, 2, 3]) {
      await pollUntil(`the wallet's payment final on node ${node}`, 30_000, async () => {
        const f = await devnet.rpc<{ status: string }>(node, "gettransactionfinality", [payment]);
        return f.status === "final" ? true : null;
      });
    }

    const info = devnet.info()[0];
    if (info === undefined) throw new Error("no node 1");
    const metrics = await fetch(`${info.rpc}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(/^timecoin_blockchain_height /m);

    const cli = spawnSync(
      process.execPath,
      [
        join(outDir, "time-cli-launch.mjs"),
        "-datadir",
        info.dataDir,
        "-network",
        "devnet",
        "-rpcconnect",
        info.ip,
        "getblockchaininfo",
      ],
      { encoding: "utf8" },
    );
    expect(cli.stderr).toBe("");
    expect(cli.status).toBe(0);
    expect(JSON.parse(cli.stdout).chain).toBe("devnet");
  });
});
