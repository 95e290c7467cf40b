// Stake-weighted proposer ranking: an exponential race decided in exact integer arithmetic.
//
// Each candidate's VRF output gives u in (0, 1]: u = (first 8 bytes of beta, big-endian, + 1) / 2^64, never
// 0. Its score is -ln(u) / weight, an exponential variable with rate `weight`, so the lowest score wins with
// probability weight / total weight. Floats would make the winner depend on the platform's ln(), so scores
// are compared exactly: with U the integer numerator and g = gcd(w_a, w_b), a beats b iff
// u_a^(w_b/g) > u_b^(w_a/g), i.e. U_a^(w_b/g) * 2^(64 w_a/g) > U_b^(w_a/g) * 2^(64 w_b/g), in bigints.
// Tier weights are 10/100/1000, so exponents are at most 100 (numbers of at most 6,400 bits). Equal scores
// (possible only between equal outputs and weights) go to the lower operator key.
import { compareBytes } from "../../types/index.js";
import { TsdcError } from "./errors.js";

/** 2^64: the denominator of u. */
export const SCORE_DENOMINATOR = 1n << 64n;

export interface RankedCandidate {
  /** Operator public key (tie-breaker: lower key wins). */
  readonly operatorPublicKey: Uint8Array;
  /** Voting weight, a positive integer. */
  readonly weight: number;
  /** Numerator of u, in [1, 2^64] (see scoreUnit). */
  readonly unit: bigint;
}

/** U = first 8 bytes of the VRF output as a big-endian integer, plus one: u = U / 2^64 lies in (0, 1]. */
export function scoreUnit(vrfOutput: Uint8Array): bigint {
  if (!(vrfOutput instanceof Uint8Array) || vrfOutput.length < 8) {
    throw new TsdcError("TSDC_BAD_VRF_OUTPUT", "a VRF output needs at least 8 bytes", {
      value: vrfOutput instanceof Uint8Array ? String(vrfOutput.length) : typeof vrfOutput,
    });
  }
  const view = new DataView(vrfOutput.buffer, vrfOutput.byteOffset, 8);
  return view.getBigUint64(0, false) + 1n;
}

function checkCandidate(c: RankedCandidate): void {
  if (!Number.isSafeInteger(c.weight) || c.weight <= 0) {
    throw new TsdcError("TSDC_BAD_WEIGHT", "candidate weight must be a positive integer", {
      field: "weight",
      value: String(c.weight),
    });
  }
  if (typeof c.unit !== "bigint" || c.unit < 1n || c.unit > SCORE_DENOMINATOR) {
    throw new TsdcError("TSDC_BAD_VRF_OUTPUT", "score unit must lie in [1, 2^64]", {
      field: "unit",
      value: String(c.unit),
    });
  }
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/**
 * Negative when a ranks before b (strictly lower score, or an equal score and a lower operator key),
 * positive when after, 0 only for the same key with the same score.
 */
export function compareCandidates(a: RankedCandidate, b: RankedCandidate): number {
  checkCandidate(a);
  checkCandidate(b);
  let cmp: number;
  if (a.weight === b.weight) {
    // Same rate: the larger u has the smaller -ln(u).
    cmp = a.unit > b.unit ? -1 : a.unit < b.unit ? 1 : 0;
  } else {
    const g = gcd(a.weight, b.weight);
    const ea = BigInt(b.weight / g);
    const eb = BigInt(a.weight / g);
    // Compare U_a^ea * 2^(64 eb) with U_b^eb * 2^(64 ea); shift only the side with the smaller exponent.
    let left = a.unit ** ea;
    let right = b.unit ** eb;
    if (ea > eb) right <<= 64n * (ea - eb);
    else left <<= 64n * (eb - ea);
    cmp = left > right ? -1 : left < right ? 1 : 0;
  }
  return cmp !== 0 ? cmp : compareBytes(a.operatorPublicKey, b.operatorPublicKey);
}

/** True when a ranks strictly before b. */
export function outranks(a: RankedCandidate, b: RankedCandidate): boolean {
  return compareCandidates(a, b) < 0;
}

/** The candidates best first (a new array). */
export function rankCandidates<T extends RankedCandidate>(candidates: readonly T[]): T[] {
  return [...candidates].sort(compareCandidates);
}

/** The best-ranked candidate, or null for an empty list; one linear pass. */
export function bestCandidate<T extends RankedCandidate>(candidates: Iterable<T>): T | null {
  let best: T | null = null;
  for (const c of candidates) if (best === null || outranks(c, best)) best = c;
  return best;
}
