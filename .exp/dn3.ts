import { createRequire } from "node:module"; const require = createRequire(import.meta.url);
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Devnet } from "../node-core/devnet/index.js";
const d = await Devnet.create({ nodes: 5, dataDir: mkdtempSync(join(tmpdir(), "dn-")), subnet: "127.0.61", blockTimeMs: 2000, logLevel: "warn" });
await d.start();
await new Promise((r) => setTimeout(r, 15000)); console.log(require("node:fs").existsSync(d.nodes[0]!.cookie)); try { console.log(await d.rpc(1, "getblockcount")); } catch (e) { console.log("rpc", e); }
await d.stop();
console.log(d.nodes[0]!.logFile);
