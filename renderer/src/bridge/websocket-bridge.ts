// The TimeBridge of web mode: the daemon's WebSocket (node-core/webui) with the contract's wire messages.
// Calls wait while the socket (re)connects; the socket reconnects with backoff and re-sends the event set,
// so a daemon restart or a sleeping laptop costs a moment of "connecting", not a reload.
import type {
  ApiMethodName,
  ApiOutcome,
  ApiParams,
  ApiPushEventName,
  ApiPushEvents,
  ApiResult,
  ConnectionState,
  TimeBridge,
  Unsubscribe,
  WsServerMessage,
} from "../../../electron/contract.js";

const MAX_BACKOFF_MS = 5_000;
const CALL_TIMEOUT_MS = 120_000;

interface Pending {
  resolve(outcome: ApiOutcome<unknown>): void;
  timer: ReturnType<typeof setTimeout>;
}

export function createWebSocketBridge(url: string): TimeBridge {
  let socket: WebSocket | null = null;
  let state: ConnectionState = "connecting";
  let nextId = 1;
  let backoff = 250;
  const pending = new Map<number, Pending>();
  const queue: string[] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const stateListeners = new Set<(state: ConnectionState) => void>();

  const setState = (next: ConnectionState) => {
    if (next === state) return;
    state = next;
    for (const listener of stateListeners) listener(state);
  };
  const send = (text: string) => {
    if (socket !== null && socket.readyState === WebSocket.OPEN) socket.send(text);
    else queue.push(text);
  };
  const sendSubscriptions = () => {
    send(JSON.stringify({ id: nextId++, subscribe: [...listeners.keys()] }));
  };

  const connect = () => {
    setState("connecting");
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      backoff = 250;
      setState("open");
      sendSubscriptions();
      for (const text of queue.splice(0)) ws.send(text);
    };
    ws.onmessage = (message) => {
      let data: WsServerMessage;
      try {
        data = JSON.parse(String(message.data)) as WsServerMessage;
      } catch {
        return;
      }
      if ("event" in data) {
        for (const listener of listeners.get(data.event) ?? []) listener(data.payload);
        return;
      }
      const waiting = pending.get(data.id);
      if (waiting === undefined) return;
      pending.delete(data.id);
      clearTimeout(waiting.timer);
      waiting.resolve(data.ok ? { ok: true, result: data.result } : { ok: false, error: data.error });
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      setState("closed");
      setTimeout(connect, backoff);
      backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
    };
  };
  connect();

  return {
    kind: "web",
    // The page belongs to the daemon that served it, which runs on one network.
    switchNetwork: null,
    call<M extends ApiMethodName>(method: M, params?: ApiParams<M>): Promise<ApiOutcome<ApiResult<M>>> {
      const id = nextId++;
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          resolve({
            ok: false,
            error: { code: "API_TRANSPORT_ERROR", message: "the node did not answer in time" },
          });
        }, CALL_TIMEOUT_MS);
        pending.set(id, { resolve: resolve as (outcome: ApiOutcome<unknown>) => void, timer });
        send(JSON.stringify({ id, call: method, params: params ?? {} }));
      });
    },
    on<E extends ApiPushEventName>(event: E, listener: (payload: ApiPushEvents[E]) => void): Unsubscribe {
      let set = listeners.get(event);
      const fresh = set === undefined;
      if (set === undefined) {
        set = new Set();
        listeners.set(event, set);
      }
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      if (fresh) sendSubscriptions();
      return () => {
        set.delete(wrapped);
        if (set.size === 0) {
          listeners.delete(event);
          sendSubscriptions();
        }
      };
    },
    onConnection(listener) {
      stateListeners.add(listener);
      listener(state);
      return () => stateListeners.delete(listener);
    },
  };
}
