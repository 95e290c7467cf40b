// Why a send is stuck or was rejected, in plain words, from what the tracker knows: its status (Snowball's
// reason while it votes, the eviction's or the rejection's reason after), how long ago this wallet first saw
// it, and where its coins stand. The problem comes as a code with its figures (a client words it in its own
// language) and as an English sentence (the command line prints it). Pure functions.
import type { SendDetails } from "./types.js";

/** A send still not final this long after the wallet first saw it is called stuck. */
export const STUCK_AFTER_MS = 30_000;

export type SendProblem =
  /** Final, or in a block: nothing to fix. */
  | "final"
  /** The user abandoned it. */
  | "abandoned"
  /** Rejected: a conflicting transaction won (`conflict` names it when known). */
  | "lost-to-conflict"
  /** Rejected for another reason (`reason`). */
  | "rejected"
  /** Not polled yet: no masternode votes have reached it. */
  | "no-votes"
  /** This node's finality voting is not running. */
  | "voting-off"
  /** There are no active masternodes to vote. */
  | "no-masternodes"
  /** Too little masternode weight is reachable (`percent` of it is). */
  | "masternodes-unreachable"
  /** Too few of the polled masternodes said yes (`percent` did). */
  | "too-few-yes"
  /** A conflicting transaction (`conflict`) is preferred by the network. */
  | "outvoted"
  /** Voting is under way (`confidence` of `beta`), possibly against a conflict it leads (`conflict`). */
  | "voting";

export interface SendExplanation {
  readonly problem: SendProblem;
  /** Not final STUCK_AFTER_MS after first sight (pending or voting only). */
  readonly stuck: boolean;
  /** Neither final nor in a block, and not abandoned yet. */
  readonly canAbandon: boolean;
  /** Milliseconds since this wallet first saw it, when it did. */
  readonly ageMs: number | null;
  readonly conflict: string | null;
  readonly percent: number | null;
  /** Some of its coins are gone (spent by another transaction): sending again needs other coins. */
  readonly coinsGone: boolean;
  /** The status's own reason, as the node words it. */
  readonly reason: string | null;
  /** The whole explanation as one English sentence or two. */
  readonly text: string;
}

interface Parsed {
  readonly problem: SendProblem;
  readonly conflict: string | null;
  readonly percent: number | null;
}

const TXID = "([0-9a-f]{64})";

/** Snowball's and the tracker's reasons (consensus/snowball, tracker/status.ts) as a problem code. */
function parseReason(state: string, reason: string | null): Parsed {
  const text = reason ?? "";
  const none = { conflict: null, percent: null };
  let m = new RegExp(`^lost to conflicting transaction ${TXID}`).exec(text);
  if (m !== null) return { problem: "lost-to-conflict", conflict: m[1] ?? null, percent: null };
  if (state === "rejected") {
    const lost = /conflicting transaction (won|became final)|a block spent the same coins/.test(text);
    return { problem: lost ? "lost-to-conflict" : "rejected", ...none };
  }
  m = new RegExp(`^conflicts with ${TXID}: network prefers the other`).exec(text);
  if (m !== null) return { problem: "outvoted", conflict: m[1] ?? null, percent: null };
  m = new RegExp(`^conflicts with ${TXID}:`).exec(text);
  if (m !== null) return { problem: "voting", conflict: m[1] ?? null, percent: null };
  if (text.startsWith("waiting: finality voting is not running")) return { problem: "voting-off", ...none };
  if (text.startsWith("waiting: no active masternodes")) return { problem: "no-masternodes", ...none };
  m = /^waiting: (\d+)% of masternode weight reachable/.exec(text);
  if (m !== null) return { problem: "masternodes-unreachable", conflict: null, percent: Number(m[1]) };
  m = /^waiting: (\d+)% of polled masternode weight said yes/.exec(text);
  if (m !== null) return { problem: "too-few-yes", conflict: null, percent: Number(m[1]) };
  if (state === "voting") return { problem: "voting", ...none };
  return { problem: "no-votes", ...none };
}

const seconds = (ms: number) => `${Math.max(0, Math.floor(ms / 1000))} s`;

function waitingText(p: Parsed, confidence: number, beta: number): string {
  switch (p.problem) {
    case "voting-off":
      return "this node's finality voting is not running";
    case "no-masternodes":
      return "there are no active masternodes to vote on it";
    case "masternodes-unreachable":
      return `only ${p.percent}% of the masternode weight can be reached, too little for a decision`;
    case "too-few-yes":
      return `only ${p.percent}% of the masternodes asked voted for it in the last poll`;
    case "outvoted":
      return `the network prefers the conflicting transaction ${p.conflict}`;
    case "voting":
      return p.conflict === null
        ? `voting is under way (${confidence} of ${beta} rounds)`
        : `it is ahead of the conflicting transaction ${p.conflict} (${confidence} of ${beta} rounds)`;
    default:
      return "no masternode votes have reached it yet";
  }
}

/** The explanation of a wallet transaction at clock time `now`. */
export function explainSend(
  details: SendDetails,
  now: number,
  stuckAfterMs = STUCK_AFTER_MS,
): SendExplanation {
  const tx = details.transaction;
  const { status } = tx;
  const ageMs = tx.firstSeenAt === null ? null : Math.max(0, now - tx.firstSeenAt);
  const coinsGone = details.inputs.some((input) => input.state === "gone");
  const base = { ageMs, coinsGone, reason: status.reason };
  if (tx.height !== null || status.state === "final") {
    const where = tx.height !== null ? ` in block ${tx.height}` : "";
    return {
      ...base,
      problem: "final",
      stuck: false,
      canAbandon: false,
      conflict: null,
      percent: null,
      text: `This transaction is final${where}: there is nothing to abandon.`,
    };
  }
  const parsed = parseReason(status.state, status.reason);
  const canAbandon = !tx.abandoned;
  if (tx.abandoned) {
    const gone = coinsGone ? " Some of its coins were spent by another transaction and are gone." : "";
    return {
      ...base,
      ...parsed,
      problem: "abandoned",
      stuck: false,
      canAbandon: false,
      text:
        "You abandoned this transaction: its coins are spendable again. If the network makes it final " +
        `anyway, it counts again.${gone}`,
    };
  }
  if (status.state === "rejected") {
    const why =
      parsed.problem === "lost-to-conflict"
        ? parsed.conflict === null
          ? `Rejected: ${status.reason ?? "a conflicting transaction won"}.`
          : `Rejected: it lost to the conflicting transaction ${parsed.conflict}.`
        : `Rejected: ${status.reason ?? "the network refused it"}.`;
    const coins = coinsGone
      ? " Its coins went to the other transaction, so they are gone: sending again needs other coins."
      : " Its coins are still yours: abandon it to spend them again.";
    return { ...base, ...parsed, stuck: false, canAbandon, text: why + coins };
  }
  const stuck = ageMs !== null && ageMs >= stuckAfterMs;
  const reason = waitingText(parsed, status.confidence, status.beta);
  const text =
    ageMs === null
      ? `Not final yet: ${reason}.`
      : stuck
        ? `Not final after ${seconds(ageMs)}: ${reason}. You can abandon it to free its coins, or send again.`
        : `Waiting for finality for ${seconds(ageMs)}: ${reason}.`;
  return { ...base, ...parsed, stuck, canAbandon, text };
}
