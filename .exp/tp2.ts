import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeTransaction, transactionId } from "../node-core/codec/index.js";
import { SeededRng } from "../node-core/consensus/index.js";
import { Devnet } from "../node-core/devnet/index.js";
import { DEVNET } from "../node-core/params/index.js";
import { buildSpend, deriveTestKeys, type TestKey, type OwnedUtxo } from "../node-core/testing/index.js";
import { toHex } from "../node-core/types/index.js";
import { fund } from "../node-core/bench/devnet.js";
const devnet = await Devnet.create({ nodes: 5, dataDir: await mkdtemp(join(tmpdir(), "tp2-")), blockTimeMs: 2000, subnet: "127.0.65", logLevel: "warn" });
await devnet.start();
try {
  await devnet.waitReady(240000, 1);
  const rng = new SeededRng(3);
  const [key] = deriveTestKeys("tp2", 1) as [TestKey];
  const utxos = await fund(devnet, key, 2000, rng);
  const txs = [] as string[]; const ids = [] as string[];
  for (let i = 0; i + 1 < utxos.length; i += 2) { const tx = buildSpend(3, [utxos[i]!, utxos[i + 1]!], [key.address], rng, { outputCount: 2 })!; txs.push(toHex(encodeTransaction(tx))); ids.push(toHex(transactionId(tx))); }
  const lat: number[] = []; let next = 0; const t0 = performance.now();
  await Promise.all(Array.from({ length: 32 }, async (_, s) => { for (;;) { const i = next++; if (i >= txs.length) return; const a = performance.now(); await devnet.rpc(1 + (i % 5), "sendrawtransaction", [txs[i]]); lat.push(performance.now() - a); } }));
  const sent = performance.now() - t0;
  lat.sort((a, b) => a - b);
  console.log(`submitted ${txs.length} in ${sent.toFixed(0)} ms; rpc p50 ${lat[lat.length >> 1]!.toFixed(1)} p99 ${lat[Math.floor(lat.length * 0.99)]!.toFixed(1)}`);
  let finals = 0;
  const deadline = performance.now() + 60000;
  for (const id of ids) { const f = await devnet.rpc<any>(1, "waittransactionfinality", [id, Math.max(1, Math.ceil(deadline - performance.now()))]); if (f.status === "final") finals++; }
  console.log(`final on node 1: ${finals}/${ids.length} after ${(performance.now() - t0).toFixed(0)} ms`);
  console.log(JSON.stringify(await devnet.rpc(1, "getconsensusinfo")).slice(0, 1500));
  console.log(JSON.stringify(await devnet.rpc(1, "getmempoolinfo")));
} catch (e) { console.log("ERR", e); }
await devnet.stop();
