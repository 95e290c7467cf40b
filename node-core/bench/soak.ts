// `npm run bench -- soak`: five timed daemons on loopback under a steady load of one-input two-output
// transactions (TIME_SOAK_RATE per second, default 50) for TIME_SOAK_MINUTES (default 30), printing every
// 30 s each daemon's RSS and open file descriptors, so a leak shows as a line that keeps climbing. It
// asserts nothing; it prints the first and last figures side by side at the end.
import { readdirSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeTransaction } from "../codec/index.js";
import { SeededRng } from "../consensus/index.js";
import { Devnet } from "../devnet/index.js";
import { DEVNET } from "../params/index.js";
import { buildSpend, deriveTestKeys, type TestKey } from "../testing/index.js";
import { toHex } from "../types/index.js";
import { fund, procStats } from "./devnet.js";

const NODES = 5;
const REPORT_MS = 30_000;

function handles(pid: number): number {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return -1;
  }
}

export async function runSoak(): Promise<void> {
  const minutes = Number(process.env.TIME_SOAK_MINUTES ?? 30);
  const rate = Number(process.env.TIME_SOAK_RATE ?? 50);
  const dataDir = await mkdtemp(join(tmpdir(), "timecoin-soak-"));
  const devnet = await Devnet.create({
    nodes: NODES,
    dataDir,
    blockTimeMs: 2_000,
    subnet: "127.0.64",
    logLevel: "warn",
  });
  try {
    await devnet.start();
    await devnet.waitReady(240_000, 1);
    const rng = new SeededRng(13);
    const [key, to] = deriveTestKeys("bench-soak", 2) as [TestKey, TestKey];
    const total = Math.ceil(rate * minutes * 60);
    console.log(`soak: ${NODES} daemons, ${rate} tx/s for ${minutes} min (${total} transactions), funding…`);
    const utxos = await fund(devnet, key, total, rng);
    const rows: string[][] = [];
    const report = (elapsedS: number) => {
      const row = devnet.nodes.map((n) => {
        const pid = n.process?.pid ?? 0;
        const { rssKb } = procStats(pid);
        return `${(rssKb / 1024).toFixed(0)} MB/${handles(pid)} fd`;
      });
      rows.push(row);
      console.log(`  ${String(elapsedS).padStart(5)} s  ${row.join("  ")}`);
    };
    const t0 = performance.now();
    let next = 0;
    let refused = 0;
    const timer = setInterval(() => report(Math.round((performance.now() - t0) / 1000)), REPORT_MS);
    report(0);
    await Promise.all(
      Array.from({ length: 8 }, async (_, s) => {
        for (;;) {
          const i = next++;
          if (i >= utxos.length) return;
          const wait = (i / rate) * 1000 - (performance.now() - t0);
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          const tx = buildSpend(DEVNET.chainId, [utxos[i] as (typeof utxos)[number]], [to.address], rng, {
            outputCount: 2,
          });
          if (tx === null) continue;
          try {
            await devnet.rpc(1 + ((i + s) % NODES), "sendrawtransaction", [toHex(encodeTransaction(tx))]);
          } catch {
            refused++;
          }
        }
      }),
    );
    clearInterval(timer);
    report(Math.round((performance.now() - t0) / 1000));
    console.log(
      `first: ${rows[0]?.join("  ")}\nlast:  ${rows.at(-1)?.join("  ")}\n${refused} refused at submission`,
    );
  } finally {
    await devnet.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
