import { publicKeyFromSeed, sign, verify } from "./ed25519.js";
import { type SignatureCheck, VerifyPool, verifyAll } from "./verify-pool.js";
import { createHash } from "node:crypto";
const keys = Array.from({ length: 1000 }, (_, i) => createHash("sha256").update(`k${i}`).digest());
const pks = keys.map((k) => publicKeyFromSeed(k));
const checks: SignatureCheck[] = [];
for (let i = 0; i < 20_000; i++) {
  const k = i % 1000;
  const message = createHash("sha256").update(`m${i}`).digest();
  const m = new Uint8Array(100); m.set(message);
  checks.push({ publicKey: pks[k]!, message: m, signature: sign(keys[k]!, m) });
}
const time = (label: string, f: () => unknown) => { const t = performance.now(); f(); const ms = performance.now() - t; console.log(label, Math.round(20000 / (ms / 1000)), "verifies/s", ms.toFixed(0), "ms"); };
time("verifyAll cold (key import)", () => verifyAll(checks));
time("verifyAll warm", () => verifyAll(checks));
time("verifyAll warm", () => verifyAll(checks));
// pre-check cost alone
const { hasStrictEncoding } = await import("./ed25519.js");
let t = performance.now(); for (let r = 0; r < 10; r++) for (const c of checks) hasStrictEncoding(c.publicKey, c.signature); console.log("hasStrictEncoding us", ((performance.now() - t) * 1000 / 200000).toFixed(3));
for (const threads of [1, 2]) {
  const pool = new VerifyPool({ threads });
  await pool.verifyBatch(checks.slice(0, 100));
  for (const label of ["cold", "warm", "warm"]) {
    const t0 = performance.now();
    const r = await pool.verifyBatch(checks);
    const ms = performance.now() - t0;
    if (!r.every(Boolean)) throw new Error("bad");
    console.log(`pool ${threads}t ${label}`, Math.round(20000 / (ms / 1000)), "verifies/s", ms.toFixed(0), "ms");
  }
  await pool.close();
}
void verify;
