import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { startNodeRuntime, operatorFromSeed } from "../node-core/daemon/node-runtime.js";
import { devnetRoleKey } from "../node-core/genesis/index.js";
import { peerIdOfNodeId } from "../node-core/p2p/index.js";
import { toHex } from "../node-core/types/index.js";

const base = mkdtempSync(join(tmpdir(), "four-"));
const N = 4;
import { mkdirSync } from "node:fs";
const mk = (d: string) => { mkdirSync(d); return d; };
const ops = Array.from({ length: N }, (_, i) => operatorFromSeed(devnetRoleKey("operator", i).privateKey));
const addr = (i: number) => `/ip4/127.0.1.${i + 1}/tcp/${25300 + i}/p2p/${peerIdOfNodeId(toHex(ops[i]!.publicKey)).toString()}`;
const logger = pino({ level: process.env.LEVEL ?? "warn" });
const rts = [];
for (let i = 0; i < N; i++) {
  rts.push(await startNodeRuntime({
    network: "devnet", dataDir: mk(join(base, `n${i}`)),
    listen: [`127.0.1.${i + 1}:${25300 + i}`], bootstrap: Array.from({ length: N }, (_, j) => addr(j)).filter((_, j) => j !== i),
    operator: ops[i]!, blockIntervalMs: 2000, agent: "timecoin-desktop/0.1.0",
  }, { logger: logger.child({ n: i }) as any }));
}
const t0 = Date.now();
for (let k = 0; k < 4; k++) {
  await new Promise((r) => setTimeout(r, 2000));
  console.log(((Date.now() - t0) / 1000).toFixed(0), rts.map((r) => `${r.node.services.follower.tipHeight}/${r.host.peers().length - 1}`).join(" "));
}
{
  const { buildSpend } = await import("../node-core/testing/index.js");
  const { transactionId } = await import("../node-core/codec/index.js");
  const { SeededRng } = await import("../node-core/consensus/index.js");
  const faucet = devnetRoleKey("faucet", 0);
  const gtx = rts[0]!.genesis.block.transactions[0]!;
  const gtxid = transactionId(gtx);
  const entry = (await rts[0]!.store.getUtxos([{ txid: gtxid, index: 1 }]))[0]!;
  const tx = buildSpend(3, [{ outpoint: { txid: gtxid, index: 1 }, entry, key: { seed: faucet.privateKey, publicKey: faucet.publicKey } as any }], [entry.address], new SeededRng(1), { outputCount: 2 })!;
  const id = toHex(transactionId(tx));
  const t = Date.now();
  const done = rts.map((r, i) => new Promise<void>((res) => r.node.events.on("snowball:final", (e: any) => { if (toHex(e.txid) === id) { console.log("final on", i, Date.now() - t, "ms polls", e.status.polls); res(); } })));
  const samples: string[] = [];
  const iv = setInterval(() => { const st = rts[0]!.node.services.snowball.status(transactionId(tx)); const st2 = rts[1]!.node.services.snowball.status(transactionId(tx)); samples.push(`${Date.now() - t}:${st?.polls ?? "-"}/${st?.successfulPolls ?? "-"}|${st2?.polls ?? "-"}/${st2?.successfulPolls ?? "-"}`); }, 5);
  rts[0]!.node.submit(tx);
  setTimeout(() => { clearInterval(iv); console.log(samples.join(" ")); }, 400);
  await Promise.race([Promise.all(done), new Promise((r) => setTimeout(r, 5000))]);
  for (const r of rts) console.log(JSON.stringify(r.node.services.snowball.status(transactionId(tx))), JSON.stringify(r.node.services.snowball.stats()));
}
for (const r of rts) console.log(JSON.stringify(r.node.services.tsdc?.stats()), JSON.stringify(r.host.control.traffic()), r.node.services.tsdc?.currentStep, r.node.services.tsdc?.currentRound);
console.log(JSON.stringify(rts[0]!.node.services.tsdc?.inspect(), (k, v) => typeof v === "bigint" ? v.toString() : v instanceof Uint8Array ? "u8" : v).slice(0, 1500));
for (const r of rts) await r.close();
console.log("closed");
