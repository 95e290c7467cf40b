import { P2pHost } from "../node-core/p2p/index.js";
import { systemClock, timerScheduler } from "../node-core/consensus/index.js";
import { silentLogger, } from "../node-core/util/index.js";
import { PROTOCOL_VERSION } from "../node-core/network/index.js";
const status = () => ({ kind: "status" as const, protocolVersion: PROTOCOL_VERSION, chainId: 3, genesisHash: new Uint8Array(32), height: 0n, tipHash: new Uint8Array(32) });
const mk = (b: number, port: number, boot: string[]) => { const h = new P2pHost({ network: "devnet", listen: [`127.0.0.1:${port}`], bootstrap: boot, keySeed: new Uint8Array(32).fill(b), agent: "x" }, { clock: systemClock, scheduler: timerScheduler, logger: silentLogger }); h.setStatusSource(status); return h; };
const a = mk(1, 25501, []); await a.start();
const b = mk(2, 25502, [a.listenAddresses()[0]!]);
let resolveReply: (() => void) | null = null;
a.onMessage((from, m) => { if (m.kind === "query") a.send(from, { kind: "reply", requestId: m.requestId, count: m.txids.length, bits: new Uint8Array((m.txids.length + 7) >> 3) }); return { verdict: "accept" }; });
b.onMessage((from, m) => { if (m.kind === "reply") resolveReply?.(); return { verdict: "accept" }; });
await b.start();
while (b.peers().length < 2) await new Promise((r) => setTimeout(r, 50));
const target = b.peers().find((p) => p !== b.nodeId)!;
const N = 2000; const t = performance.now(); const lat: number[] = [];
for (let i = 0; i < N; i++) { const s = performance.now(); await new Promise<void>((r) => { resolveReply = r; b.send(target, { kind: "query", requestId: i, txids: [new Uint8Array(32)] }); }); lat.push(performance.now() - s); }
console.log("first rtts", lat.slice(0, 5).map((x) => x.toFixed(1)).join(" ")); lat.sort((x, y) => x - y);
console.log("round trips/s", (N / ((performance.now() - t) / 1000)).toFixed(0), "p50", lat[N / 2]!.toFixed(2), "p99", lat[Math.floor(N * 0.99)]!.toFixed(2));
await a.stop(); await b.stop();
