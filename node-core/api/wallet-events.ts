// The wallet's events in the API's typed event list, beside the node's (events.ts): balance changed,
// transaction status changed, scan progress, lock state, each with its JSON-safe form (amounts as decimal
// TIME strings, heights as numbers). Transports that push events subscribe through subscribeWalletEvent.
import { formatTime } from "../types/index.js";
import type { Unsubscribe } from "../util/index.js";
import type { WalletBalance, WalletService, WalletServiceEvents, WalletTxStatus } from "../wallet/index.js";

interface BalanceJson {
  readonly spendable: string;
  readonly pending: string;
  readonly locked: string;
  readonly immature: string;
}

interface StatusJson {
  readonly state: string;
  readonly confidence: number;
  readonly beta: number;
  readonly reason: string | null;
  readonly finalMs: number | null;
  readonly blockHeight: number | null;
}

export interface WalletEventPayloads {
  "wallet:balanceChanged": {
    readonly wallet: string;
    readonly balance: BalanceJson;
    readonly previous: BalanceJson;
  };
  "wallet:transactionStatusChanged": {
    readonly wallet: string;
    readonly txid: string;
    readonly status: StatusJson;
    readonly previous: StatusJson | null;
  };
  "wallet:scanProgress": {
    readonly wallet: string;
    readonly height: number;
    readonly tip: number;
    readonly found: number;
    readonly pass: number;
    readonly resumedFrom: number | null;
    readonly done: boolean;
  };
  "wallet:lockChanged": { readonly wallet: string; readonly locked: boolean; readonly reason: string };
}

export type WalletEventName = keyof WalletEventPayloads;

export const WALLET_EVENT_NAMES: readonly WalletEventName[] = Object.freeze([
  "wallet:balanceChanged",
  "wallet:transactionStatusChanged",
  "wallet:scanProgress",
  "wallet:lockChanged",
]);

export function isWalletEventName(value: unknown): value is WalletEventName {
  return typeof value === "string" && (WALLET_EVENT_NAMES as readonly string[]).includes(value);
}

function balanceJson(b: WalletBalance): BalanceJson {
  return {
    spendable: formatTime(b.spendable),
    pending: formatTime(b.pending),
    locked: formatTime(b.locked),
    immature: formatTime(b.immature),
  };
}

function statusJson(s: WalletTxStatus): StatusJson {
  return {
    state: s.state,
    confidence: s.confidence,
    beta: s.beta,
    reason: s.reason,
    finalMs: s.finalMs,
    blockHeight: s.blockHeight === null ? null : Number(s.blockHeight),
  };
}

const CONVERT: {
  readonly [K in WalletEventName]: (payload: WalletServiceEvents[K]) => WalletEventPayloads[K];
} = {
  "wallet:balanceChanged": ({ wallet, balance, previous }) => ({
    wallet,
    balance: balanceJson(balance),
    previous: balanceJson(previous),
  }),
  "wallet:transactionStatusChanged": ({ wallet, txid, status, previous }) => ({
    wallet,
    txid,
    status: statusJson(status),
    previous: previous === null ? null : statusJson(previous),
  }),
  "wallet:scanProgress": (p) => ({
    wallet: p.wallet,
    height: Number(p.height),
    tip: Number(p.tip),
    found: p.found,
    pass: p.pass,
    resumedFrom: p.resumedFrom === null ? null : Number(p.resumedFrom),
    done: p.done,
  }),
  "wallet:lockChanged": ({ wallet, locked, reason }) => ({ wallet, locked, reason }),
};

/** Calls `listener` with the JSON form of every `name` event of the wallets; returns the unsubscribe. */
export function subscribeWalletEvent<K extends WalletEventName>(
  wallets: WalletService,
  name: K,
  listener: (payload: WalletEventPayloads[K]) => void,
): Unsubscribe {
  const convert = CONVERT[name] as (payload: WalletServiceEvents[K]) => WalletEventPayloads[K];
  return wallets.events.on(name, (payload) => listener(convert(payload)));
}
