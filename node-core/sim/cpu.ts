// Virtual CPU of a simulated node: crypto costs charged to the node's virtual time. In one process the
// real computation of a hundred nodes costs nothing in virtual time, so a run would ignore that an ECVRF
// verify takes milliseconds while a candidacy window is 200 ms (issue 7 item 3). Each node gets its own
// wrappers of the shared schemes that charge a fixed cost per operation to its CpuMeter; while the meter is
// busy the node cannot take its next message (node.ts queues deliveries until busyUntil). Costs are fixed
// options (DEFAULT_CPU_COSTS, measured by `npm run bench -- consensus` on the reference machine), never
// wall-clock readings, so a run stays a pure function of its options. What is left out: timers (a busy
// node still fires its own timers on time), hashing, codec work and everything but the four operations.
import type { SignatureScheme, VrfScheme } from "../consensus/index.js";
import type { SignatureVerifier } from "../db/index.js";

/** Milliseconds of CPU per operation. */
export interface CpuCosts {
  readonly signatureSignMs: number;
  readonly signatureVerifyMs: number;
  readonly vrfProveMs: number;
  readonly vrfVerifyMs: number;
}

/**
 * Measured with node-core/bench/crypto-costs.ts (CPU time per call, best of 5 batches) on the project's
 * 2-core machine, Node 20: ed25519 sign 0.05 ms, verify 0.13 ms; ECVRF prove 3.2 ms, verify 3.3 ms.
 */
export const DEFAULT_CPU_COSTS: CpuCosts = Object.freeze({
  signatureSignMs: 0.05,
  signatureVerifyMs: 0.13,
  vrfProveMs: 3.2,
  vrfVerifyMs: 3.3,
});

/** No cost at all: the pre-issue-7 model (computation free in virtual time). */
export const FREE_CPU: CpuCosts = Object.freeze({
  signatureSignMs: 0,
  signatureVerifyMs: 0,
  vrfProveMs: 0,
  vrfVerifyMs: 0,
});

export interface CpuCounts {
  signatures: number;
  signatureVerifies: number;
  vrfProofs: number;
  vrfVerifies: number;
  /** Batch verifier calls (each check in a batch is also one signature verify). */
  batchVerifies: number;
  /** Total CPU milliseconds charged. */
  busyMs: number;
}

/** One node's CPU: busy until `busyUntil` (virtual ms) with what it was charged. */
export class CpuMeter {
  private until = 0;
  readonly counts: CpuCounts = {
    signatures: 0,
    signatureVerifies: 0,
    vrfProofs: 0,
    vrfVerifies: 0,
    batchVerifies: 0,
    busyMs: 0,
  };

  constructor(
    readonly costs: CpuCosts,
    private readonly clock: { now(): number },
  ) {}

  /** When the CPU is next free (never before now). */
  get busyUntil(): number {
    return Math.max(this.until, this.clock.now());
  }

  /** Charges `ms` of work starting when the CPU is free (work queues behind work). */
  charge(ms: number): void {
    if (ms <= 0) return;
    this.until = this.busyUntil + ms;
    this.counts.busyMs += ms;
  }

  /** A node restarted: its new process starts idle (the charged total is kept). */
  reset(): void {
    this.until = 0;
  }
}

/** The node's view of a shared signature scheme, each call charged to its meter. */
export function costedSignatures(base: SignatureScheme, meter: CpuMeter): SignatureScheme {
  return {
    publicKey: (secret) => base.publicKey(secret),
    sign(secret, message) {
      meter.counts.signatures++;
      meter.charge(meter.costs.signatureSignMs);
      return base.sign(secret, message);
    },
    verify(publicKey, message, signature) {
      meter.counts.signatureVerifies++;
      meter.charge(meter.costs.signatureVerifyMs);
      return base.verify(publicKey, message, signature);
    },
  };
}

export function costedVrf(base: VrfScheme, meter: CpuMeter): VrfScheme {
  return {
    prove(secret, alpha) {
      meter.counts.vrfProofs++;
      meter.charge(meter.costs.vrfProveMs);
      return base.prove(secret, alpha);
    },
    verify(publicKey, proof, alpha) {
      meter.counts.vrfVerifies++;
      meter.charge(meter.costs.vrfVerifyMs);
      return base.verify(publicKey, proof, alpha);
    },
    output: (proof) => base.output(proof),
  };
}

/** Counts batch calls; `inner` must verify through costed signatures, so each check is charged once. */
export function countedVerifier(inner: SignatureVerifier, meter: CpuMeter): SignatureVerifier {
  return (checks) => {
    meter.counts.batchVerifies++;
    return inner(checks);
  };
}
