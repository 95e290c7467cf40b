// The typed event list of the API: the node's events (NodeEvents, node/create-node.ts) a client may
// subscribe to, each with its JSON-safe form. Transports that push events (WebSocket, IPC) subscribe
// through subscribeApiEvents; "node:fault" is left out (its error is for the log, not for clients).
import type { NodeEvents, TimeNode } from "../node/index.js";
import { toHex } from "../types/index.js";
import type { Unsubscribe } from "../util/index.js";

export interface ApiEventPayloads {
  /** A transaction reached this node for the first time. */
  "node:txSeen": { readonly txid: string };
  /** A peer sent a certified block that breaks a rule. */
  "node:blockRefused": { readonly from: string; readonly height: number; readonly code: string };
  /** A block was connected as the new tip. */
  "chain:block": { readonly hash: string; readonly height: number; readonly txids: readonly string[] };
  "snowball:final": { readonly txid: string; readonly finalMs: number | null };
  "snowball:rejected": { readonly txid: string; readonly reason: string | null };
}

export type ApiEventName = keyof ApiEventPayloads;

export const API_EVENT_NAMES: readonly ApiEventName[] = Object.freeze([
  "node:txSeen",
  "node:blockRefused",
  "chain:block",
  "snowball:final",
  "snowball:rejected",
]);

export function isApiEventName(value: unknown): value is ApiEventName {
  return typeof value === "string" && (API_EVENT_NAMES as readonly string[]).includes(value);
}

const CONVERT: { readonly [K in ApiEventName]: (payload: NodeEvents[K]) => ApiEventPayloads[K] } = {
  "node:txSeen": ({ txid }) => ({ txid }),
  "node:blockRefused": ({ from, height, code }) => ({ from, height: Number(height), code }),
  "chain:block": ({ effects }) => ({
    hash: toHex(effects.blockHash),
    height: Number(effects.height),
    txids: effects.txids.map((t) => toHex(t)),
  }),
  "snowball:final": ({ txid, status }) => ({
    txid: toHex(txid),
    finalMs: status.decidedAt === null ? null : Math.max(0, status.decidedAt - status.addedAt),
  }),
  "snowball:rejected": ({ txid, status }) => ({ txid: toHex(txid), reason: status.reason }),
};

/** Calls `listener` with the JSON form of every `name` event of the node; returns the unsubscribe. */
export function subscribeApiEvent<K extends ApiEventName>(
  node: TimeNode,
  name: K,
  listener: (payload: ApiEventPayloads[K]) => void,
): Unsubscribe {
  const convert = CONVERT[name] as (payload: NodeEvents[K]) => ApiEventPayloads[K];
  return node.events.on(name, (payload) => listener(convert(payload)));
}
