// The answer every consensus engine gives for one incoming peer message, in the shape the p2p layer hands
// to gossipsub's message validator and to peer scoring: accept (new and valid: relay it), ignore (harmless:
// a duplicate, old, stale or buffered-for-later message; do not relay, do not penalise) or reject
// (provably bad: a bad signature or VRF proof, an unknown signer, a malformed object, equivocation;
// do not relay, penalise the sender). Each engine names its own reason codes.

export type VerdictKind = "accept" | "ignore" | "reject";

export interface Verdict<Reason extends string = string> {
  readonly verdict: VerdictKind;
  /** Why the message was ignored or rejected; absent on accept. */
  readonly reason?: Reason;
}

/** The one accept value (frozen, shared: accept carries no reason). */
export const ACCEPT: Verdict<never> = Object.freeze({ verdict: "accept" });

export function ignore<Reason extends string>(reason: Reason): Verdict<Reason> {
  return { verdict: "ignore", reason };
}

export function reject<Reason extends string>(reason: Reason): Verdict<Reason> {
  return { verdict: "reject", reason };
}

/** The verdict for a reason, given the engine's table of which reasons are provably bad. */
export function verdictFor<Reason extends string>(
  reason: Reason | null,
  classes: Readonly<Record<Reason, "ignore" | "reject">>,
): Verdict<Reason> {
  if (reason === null) return ACCEPT;
  return classes[reason] === "reject" ? reject(reason) : ignore(reason);
}
