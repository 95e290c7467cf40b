import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Devnet } from "../node-core/devnet/index.js";
const d = await Devnet.create({ nodes: Number(process.env.N ?? 5), dataDir: mkdtempSync(join(tmpdir(), "dn-")), subnet: "127.0.7", blockTimeMs: 1000 });
const t0 = Date.now();
await d.start();
try {
  await d.waitReady(120000, 1);
  console.log("ready after", Date.now() - t0, "ms");
  console.log(await Promise.all(d.nodes.map((n) => d.rpc(n.node, "getblockcount"))));
  console.log(JSON.stringify(await d.rpc(1, "getpeerinfo")).slice(0, 600));
  console.log(JSON.stringify(await d.rpc(1, "getblockchaininfo")));
  const txid = await d.rpc<string>(1, "faucet", ["TIME03C6MkZwq19UNUcMRkvKmJkN1tpj9XyyK4", "5"]);
  console.log("faucet", txid);
  console.log(JSON.stringify(await Promise.all(d.nodes.map((n) => d.rpc(n.node, "waittransactionfinality", [txid, 10000])))));
  const h = await fetch(`${d.nodes[0]!.rpc}/health`); console.log(h.status, await h.text());
  const m = await (await fetch(`${d.nodes[0]!.rpc}/metrics`)).text(); console.log(m.split("\n").filter((l) => l.startsWith("timecoin_consensus_final") || l.startsWith("timecoin_network_peers")).join("\n"));
} catch (e) { console.log("ERR", e); }
await d.stop();
console.log(d.nodes[0]!.logFile);
