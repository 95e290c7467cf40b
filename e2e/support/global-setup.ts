// The run's one devnet: builds the renderer, starts four genesis masternodes on 127.0.83.x with 2 s blocks
// (node 1 holds the faucet and serves the web UI), waits until they are connected with a certified block, and
// writes the run info the tests read. The returned function is the global teardown: it stops every daemon,
// keeps their logs under e2e/artifacts/devnet-logs/ and removes the data.
import { copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Devnet } from "../../node-core/devnet/index.js";
import { buildRenderer } from "./build-renderer.js";
import { ARTIFACTS_DIR } from "./paths.js";
import { RUN_INFO_ENV, type RunInfo } from "./run-info.js";

const NODES = 4;
const UI_NODE = 1;
const BLOCK_TIME_MS = 2_000;
const SUBNET = "127.0.83";

export default async function globalSetup(): Promise<() => Promise<void>> {
  await buildRenderer();
  const dataDir = await mkdtemp(join(tmpdir(), "timecoin-e2e-"));
  const devnet = await Devnet.create({
    nodes: NODES,
    dataDir,
    blockTimeMs: BLOCK_TIME_MS,
    subnet: SUBNET,
    uiNode: UI_NODE,
    logLevel: "info",
  });
  const teardown = async () => {
    await devnet.stop();
    const logs = join(ARTIFACTS_DIR, "devnet-logs");
    await mkdir(logs, { recursive: true });
    for (const node of devnet.nodes) {
      await copyFile(node.logFile, join(logs, `node-${node.node}.log`)).catch(() => {});
    }
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    const started = performance.now();
    await devnet.start();
    const uiUrl = await devnet.uiUrl();
    await devnet.waitReady(120_000, 2);
    console.log(`e2e: devnet of ${NODES} ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const info: RunInfo = {
      uiUrl,
      uiNode: UI_NODE,
      blockTimeMs: BLOCK_TIME_MS,
      nodes: devnet.nodes.map((n) => ({
        node: n.node,
        rpc: n.rpc,
        cookie: n.cookie,
        dataDir: n.dataDir,
        p2p: n.p2p,
        ip: n.ip,
      })),
    };
    await mkdir(ARTIFACTS_DIR, { recursive: true });
    const file = join(dataDir, "run-info.json");
    await writeFile(file, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
    process.env[RUN_INFO_ENV] = file;
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
