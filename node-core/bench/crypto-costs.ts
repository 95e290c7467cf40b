// Measured CPU cost of each crypto operation the simulator charges to a node's virtual time (sim/cpu.ts):
// ed25519 sign and verify, ECVRF prove and verify, one at a time on this machine's main thread, using CPU
// time (not wall time, so a loaded machine inflates the figures less). `npm run bench -- consensus` prints
// these beside the simulator's fixed defaults (DEFAULT_CPU_COSTS): the defaults were set from this script
// and stay constants, because a run must be a pure function of its options.
import { cpuUsage } from "node:process";
import { ecvrfScheme, ed25519Scheme } from "../consensus/index.js";
import type { CpuCosts } from "../sim/index.js";
import { utf8 } from "../types/index.js";

/** CPU milliseconds per call of `body`, the fastest of `trials` batches of `calls` calls. */
function cpuMsPerCall(calls: number, trials: number, body: (i: number) => unknown): number {
  body(0);
  let best = Number.POSITIVE_INFINITY;
  for (let t = 0; t < trials; t++) {
    const start = cpuUsage();
    for (let i = 0; i < calls; i++) body(i);
    const used = cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000 / calls);
  }
  return best;
}

/** Per-operation costs measured here, in the shape of the simulator's cost table. */
export function measureCryptoCosts(): CpuCosts {
  const secret = new Uint8Array(32).fill(7);
  const publicKey = ed25519Scheme.publicKey(secret);
  const messages = Array.from({ length: 64 }, (_, i) => utf8.encode(`TIME bench message ${i}`));
  const signatures = messages.map((m) => ed25519Scheme.sign(secret, m));
  const proofs = messages.map((m) => ecvrfScheme.prove(secret, m));
  const pick = <T>(list: readonly T[], i: number) => list[i % list.length] as T;
  return {
    signatureSignMs: cpuMsPerCall(200, 5, (i) => ed25519Scheme.sign(secret, pick(messages, i))),
    signatureVerifyMs: cpuMsPerCall(200, 5, (i) =>
      ed25519Scheme.verify(publicKey, pick(messages, i), pick(signatures, i)),
    ),
    vrfProveMs: cpuMsPerCall(20, 5, (i) => ecvrfScheme.prove(secret, pick(messages, i))),
    vrfVerifyMs: cpuMsPerCall(20, 5, (i) =>
      ecvrfScheme.verify(publicKey, pick(proofs, i), pick(messages, i)),
    ),
  };
}
