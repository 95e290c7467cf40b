// Every pushable event of the API (the node's and the wallets'), for the transports that push them (the
// web UI's WebSocket, the desktop app's IPC): one subscription call over a chosen set of names, with each
// payload already in its JSON-safe form. Unknown names are refused, not ignored, so a client's typo shows.
import type { Unsubscribe } from "../util/index.js";
import type { ApiPushEventName, ApiPushEvents } from "./contract.js";
import { ApiError } from "./errors.js";
import { API_EVENT_NAMES, isApiEventName, subscribeApiEvent } from "./events.js";
import type { ApiRuntime } from "./runtime.js";
import { isWalletEventName, subscribeWalletEvent, WALLET_EVENT_NAMES } from "./wallet-events.js";

export const API_PUSH_EVENT_NAMES: readonly ApiPushEventName[] = Object.freeze([
  ...API_EVENT_NAMES,
  ...WALLET_EVENT_NAMES,
]);

export function isApiPushEventName(value: unknown): value is ApiPushEventName {
  return isApiEventName(value) || isWalletEventName(value);
}

export type PushListener = <E extends ApiPushEventName>(event: E, payload: ApiPushEvents[E]) => void;

/**
 * Subscribes `listener` to each named event; throws API_INVALID_PARAMS naming the first unknown one.
 * Wallet events on a host without wallets are simply never pushed.
 */
export function subscribePushEvents(
  api: ApiRuntime,
  names: readonly unknown[],
  listener: PushListener,
): Unsubscribe {
  for (const name of names) {
    if (!isApiPushEventName(name)) {
      throw new ApiError("API_INVALID_PARAMS", `unknown event: ${String(name).slice(0, 64)}`, {
        param: "events",
      });
    }
  }
  const offs: Unsubscribe[] = [];
  for (const name of new Set(names as ApiPushEventName[])) {
    if (isApiEventName(name)) {
      offs.push(subscribeApiEvent(api.ctx.node, name, (payload) => listener(name, payload)));
    } else if (isWalletEventName(name) && api.ctx.wallets !== undefined) {
      offs.push(subscribeWalletEvent(api.ctx.wallets, name, (payload) => listener(name, payload)));
    }
  }
  return () => {
    for (const off of offs.splice(0)) off();
  };
}
