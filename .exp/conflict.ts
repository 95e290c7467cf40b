import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Devnet } from "../node-core/devnet/index.js";
import { encodeTransaction, transactionId } from "../node-core/codec/index.js";
import { SeededRng } from "../node-core/consensus/index.js";
import { encodeAddress } from "../node-core/keys/index.js";
import { DEVNET } from "../node-core/params/index.js";
import { buildSpend, deriveTestKeys, type OwnedUtxo, type TestKey } from "../node-core/testing/index.js";
import { fromHex, parseTime, toHex } from "../node-core/types/index.js";
const d = await Devnet.create({ nodes: 5, dataDir: mkdtempSync(join(tmpdir(), "dn-")), subnet: "127.0.6", blockTimeMs: 1000 });
await d.start();
const rng = new SeededRng(5);
const keys = deriveTestKeys("conflict-exp", 3) as TestKey[];
const addr = (k: TestKey) => encodeAddress(k.address, DEVNET);
async function outs(txid: string, key: TestKey): Promise<OwnedUtxo[]> {
  const tx = await d.rpc<any>(1, "getrawtransaction", [txid, true]);
  return tx.vout.filter((o: any) => o.address === addr(key)).map((o: any) => ({ outpoint: { txid: fromHex(txid), index: o.n }, entry: { amount: parseTime(o.value), address: key.address, height: 0n, isReward: false }, key }));
}
try {
  await d.waitReady(120000, 1);
  const f = await d.rpc<string>(1, "faucet", [addr(keys[0]!), "500"]);
  await d.rpc(1, "waittransactionfinality", [f, 10000]);
  const [u] = await outs(f, keys[0]!);
  const split = buildSpend(3, [u!], [keys[0]!.address], rng, { outputCount: 20 })!;
  const sid = await d.rpc<string>(2, "sendrawtransaction", [toHex(encodeTransaction(split))]);
  await Promise.all(d.nodes.map((n) => d.rpc(n.node, "waittransactionfinality", [sid, 10000])));
  const us = await outs(sid, keys[0]!);
  let bad = 0;
  for (const [i, utxo] of us.entries()) {
    const a = buildSpend(3, [utxo], [keys[1]!.address], rng, { outputCount: 1 })!;
    const b = buildSpend(3, [utxo], [keys[2]!.address], rng, { outputCount: 1 })!;
    const ida = toHex(transactionId(a)), idb = toHex(transactionId(b));
    const r = await Promise.allSettled([d.rpc(1 + (i % 5), "sendrawtransaction", [toHex(encodeTransaction(a))]), d.rpc(1 + ((i + 2) % 5), "sendrawtransaction", [toHex(encodeTransaction(b))])]);
    const fa = await Promise.all(d.nodes.map((n) => d.rpc<any>(n.node, "waittransactionfinality", [ida, 10000])));
    const fb = await Promise.all(d.nodes.map((n) => d.rpc<any>(n.node, "waittransactionfinality", [idb, 10000])));
    const line = fa.map((x, n) => `${x.status[0]}${fb[n].status[0]}`).join(" ");
    const winners = new Set([...fa, ...fb].filter((x) => x.status === "final").map((x) => x.txid));
    if (winners.size !== 1) bad++;
    console.log(i, line, r.map((x) => x.status).join(","), winners.size !== 1 ? `BAD a=${ida.slice(0, 8)} b=${idb.slice(0, 8)} ${JSON.stringify(fa.map((x) => x.reason))} ${JSON.stringify(fb.map((x) => x.reason))}` : "");
  }
  console.log("bad", bad);
} catch (e) { console.log("ERR", e); }
await d.stop();
console.log(d.opts.dataDir);
