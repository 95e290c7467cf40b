// The "Set up a masternode" wizard as a state machine: tier → collateral → operator key → network address
// → review → registered. The state is plain data, saved in sessionStorage after every step so a reload
// resumes where it stopped; the collateral step also finds a coin of the exact collateral the wallet
// already holds (after a restart, or a collateral sent earlier), so collateral never looks lost.
import { toSats } from "../../ui/index.js";
import { isTierName, type TierName } from "./tiers.js";

export type WizardStep = "tier" | "collateral" | "operator" | "address" | "review" | "registered";
export const STEPS: readonly WizardStep[] = [
  "tier",
  "collateral",
  "operator",
  "address",
  "review",
  "registered",
];

export interface Outpoint {
  readonly txid: string;
  readonly vout: number;
}

export interface WizardState {
  readonly step: WizardStep;
  readonly tier: TierName | null;
  /** The self-payment of the collateral, while it is not final yet (or its coin not seen yet). */
  readonly collateralTxid: string | null;
  /** The coin that holds exactly the tier's collateral, once final. */
  readonly collateral: Outpoint | null;
  readonly label: string;
  readonly networkAddress: string;
  readonly registration: { readonly txid: string; readonly operator: string } | null;
}

export const INITIAL: WizardState = {
  step: "tier",
  tier: null,
  collateralTxid: null,
  collateral: null,
  label: "",
  networkAddress: "",
  registration: null,
};

export type WizardAction =
  | { readonly type: "chooseTier"; readonly tier: TierName }
  | { readonly type: "collateralSent"; readonly txid: string }
  | { readonly type: "collateralReady"; readonly outpoint: Outpoint }
  | { readonly type: "setLabel"; readonly label: string }
  | { readonly type: "setNetworkAddress"; readonly networkAddress: string }
  | { readonly type: "next" }
  | { readonly type: "back" }
  | { readonly type: "registered"; readonly txid: string; readonly operator: string }
  | { readonly type: "reset" };

export type StepProblem =
  | "tierMissing"
  | "collateralMissing"
  | "labelEmpty"
  | "labelLong"
  | "labelTaken"
  | "addressEmpty"
  | "addressFormat"
  | "addressPort";

export const MAX_LABEL = 64;

/** What keeps the current step from moving on, or null. `takenLabels` are the wallet's masternodes. */
export function stepProblem(
  state: WizardState,
  takenLabels: ReadonlySet<string> = new Set(),
): StepProblem | null {
  switch (state.step) {
    case "tier":
      return state.tier === null ? "tierMissing" : null;
    case "collateral":
      return state.collateral === null ? "collateralMissing" : null;
    case "operator":
      return labelProblem(state.label, takenLabels);
    case "address":
      return networkAddressProblem(state.networkAddress);
    default:
      return null;
  }
}

export function labelProblem(label: string, taken: ReadonlySet<string>): StepProblem | null {
  const trimmed = label.trim();
  if (trimmed.length === 0) return "labelEmpty";
  if (trimmed.length > MAX_LABEL) return "labelLong";
  if (taken.has(trimmed)) return "labelTaken";
  return null;
}

const HOST_RE =
  /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const IPV6_RE = /^\[[0-9a-f:.]{2,45}\]$/i;

/** "host:port" with a hostname, IPv4 or [IPv6] host and a port from 1 to 65535. */
export function networkAddressProblem(text: string): StepProblem | null {
  const trimmed = text.trim();
  if (trimmed.length === 0) return "addressEmpty";
  const colon = trimmed.lastIndexOf(":");
  if (colon <= 0 || trimmed.length > 255) return "addressFormat";
  const host = trimmed.slice(0, colon);
  const port = trimmed.slice(colon + 1);
  if (!(HOST_RE.test(host) || IPV6_RE.test(host))) return "addressFormat";
  if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65_535) return "addressPort";
  return null;
}

export function wizardReducer(state: WizardState, action: WizardAction): WizardState {
  switch (action.type) {
    case "chooseTier":
      // A different tier needs a different collateral: forget a coin picked for the old one.
      return action.tier === state.tier
        ? state
        : { ...state, tier: action.tier, collateral: null, collateralTxid: null };
    case "collateralSent":
      // The payment can be final and its coin found before sendtoaddress's reply reaches the page (the
      // status event refreshes the coins first); the late reply must not take that coin back, or a user
      // who moved on meanwhile reaches a review with nothing to register.
      if (state.collateral?.txid === action.txid) return state;
      return needsCollateral({ ...state, collateralTxid: action.txid, collateral: null });
    case "collateralReady":
      return { ...state, collateral: action.outpoint, collateralTxid: null };
    case "setLabel":
      return { ...state, label: action.label };
    case "setNetworkAddress":
      return { ...state, networkAddress: action.networkAddress };
    case "next": {
      if (stepProblem(state) !== null || state.step === "review" || state.step === "registered") return state;
      return { ...state, step: STEPS[STEPS.indexOf(state.step) + 1] as WizardStep };
    }
    case "back": {
      const index = STEPS.indexOf(state.step);
      if (index <= 0 || state.step === "registered") return state;
      return { ...state, step: STEPS[index - 1] as WizardStep };
    }
    case "registered":
      return { ...state, step: "registered", registration: { txid: action.txid, operator: action.operator } };
    case "reset":
      return INITIAL;
  }
}

/** Past the collateral step a coin is needed: without one the wizard goes back to wait for it. */
function needsCollateral(state: WizardState): WizardState {
  const past = STEPS.indexOf(state.step) > STEPS.indexOf("collateral") && state.step !== "registered";
  return past && state.collateral === null ? { ...state, step: "collateral" } : state;
}

interface CoinLike {
  readonly txid: string;
  readonly vout: number;
  readonly amount: string;
  readonly category: string;
}

/**
 * A final coin of exactly `collateral` (the tier's, decimal TIME as masternodetiers reports it): the one
 * from `preferTxid` (the self-payment) when it is there, else any; never a coin already locked.
 */
export function findCollateralCoin(
  coins: readonly CoinLike[],
  collateral: string,
  preferTxid: string | null,
): Outpoint | null {
  const exact = safeSats(collateral);
  if (exact === null || exact <= 0n) return null;
  const matches = coins.filter((c) => c.category === "spendable" && safeSats(c.amount) === exact);
  const chosen = matches.find((c) => c.txid === preferTxid) ?? (preferTxid === null ? matches[0] : undefined);
  return chosen === undefined ? null : { txid: chosen.txid, vout: chosen.vout };
}

function safeSats(amount: string): bigint | null {
  try {
    return toSats(amount);
  } catch {
    return null;
  }
}

const HASH_RE = /^[0-9a-f]{64}$/i;

/** A saved wizard, keeping only well-formed fields (damaged storage starts over, never crashes). */
export function parseWizard(raw: string | null): WizardState {
  if (raw === null) return INITIAL;
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return INITIAL;
  }
  if (typeof data !== "object" || data === null) return INITIAL;
  const d = data as Record<string, unknown>;
  const step = STEPS.includes(d.step as WizardStep) ? (d.step as WizardStep) : "tier";
  const tier = isTierName(d.tier) ? d.tier : null;
  const collateral = isOutpoint(d.collateral) ? { txid: d.collateral.txid, vout: d.collateral.vout } : null;
  const collateralTxid =
    typeof d.collateralTxid === "string" && HASH_RE.test(d.collateralTxid) ? d.collateralTxid : null;
  const label = typeof d.label === "string" ? d.label.slice(0, MAX_LABEL) : "";
  const networkAddress = typeof d.networkAddress === "string" ? d.networkAddress.slice(0, 255) : "";
  const r = d.registration as Record<string, unknown> | null | undefined;
  const registration =
    typeof r === "object" &&
    r !== null &&
    typeof r.txid === "string" &&
    HASH_RE.test(r.txid) &&
    typeof r.operator === "string"
      ? { txid: r.txid, operator: r.operator.slice(0, 128) }
      : null;
  const state: WizardState = { step, tier, collateralTxid, collateral, label, networkAddress, registration };
  return consistentStep(state);
}

/** The furthest step the saved data supports (a saved "review" without a coin goes back to collateral). */
function consistentStep(state: WizardState): WizardState {
  if (state.step === "registered" && state.registration !== null) return state;
  const target = STEPS.indexOf(state.step === "registered" ? "review" : state.step);
  let probe: WizardState = { ...state, step: "tier" };
  while (STEPS.indexOf(probe.step) < target && stepProblem(probe) === null) {
    probe = { ...probe, step: STEPS[STEPS.indexOf(probe.step) + 1] as WizardStep };
  }
  return probe;
}

function isOutpoint(value: unknown): value is Outpoint {
  if (typeof value !== "object" || value === null) return false;
  const { txid, vout } = value as Record<string, unknown>;
  return typeof txid === "string" && HASH_RE.test(txid) && Number.isInteger(vout) && (vout as number) >= 0;
}

export function wizardStorageKey(wallet: string | null): string {
  return `timecoin.masternodeWizard.v1.${wallet ?? ""}`;
}
