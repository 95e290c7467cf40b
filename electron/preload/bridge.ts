// The object the preload exposes as window.time: one named function per API method (each invoking the
// call channel with its own name: there is no generic invoke), subscribe() over the push channel with
// a listener registry, and the app's own switchNetwork on its channel. Built from an ipcRenderer-like interface so it is tested without Electron; the
// names come from main through the preload's arguments (a sandboxed preload cannot import node-core).
import {
  type ApiOutcome,
  type ApiPushEventName,
  IPC_CHANNELS,
  type NetworkSwitchOutcome,
  PRELOAD_ARGUMENTS,
  type PreloadBridge,
  type Unsubscribe,
} from "../contract.js";

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export interface BridgeNames {
  readonly methods: readonly string[];
  readonly events: readonly string[];
}

const NAME = /^[A-Za-z0-9_:.-]{1,64}$/;

/** The method and event names main put in the preload's arguments (process.argv). */
export function parsePreloadArguments(argv: readonly string[]): BridgeNames {
  const list = (prefix: string) => {
    const arg = argv.find((a) => a.startsWith(prefix));
    if (arg === undefined) return [];
    return [...new Set(arg.slice(prefix.length).split(","))].filter((name) => NAME.test(name));
  };
  return { methods: list(PRELOAD_ARGUMENTS.methods), events: list(PRELOAD_ARGUMENTS.events) };
}

function transportFailure(message: string): ApiOutcome<never> {
  return { ok: false, error: { code: "API_TRANSPORT_ERROR", message } };
}

function isOutcome(value: unknown): value is ApiOutcome<unknown> {
  if (typeof value !== "object" || value === null) return false;
  const v = value as { ok?: unknown; error?: unknown };
  return v.ok === true || (v.ok === false && typeof v.error === "object" && v.error !== null);
}

export function createPreloadBridge(ipc: IpcRendererLike, names: BridgeNames): PreloadBridge {
  const methods: Record<string, (params?: unknown) => Promise<ApiOutcome<unknown>>> = {};
  for (const name of names.methods) {
    methods[name] = async (params?: unknown) => {
      try {
        const answer =
          params === undefined
            ? await ipc.invoke(IPC_CHANNELS.call, name)
            : await ipc.invoke(IPC_CHANNELS.call, name, params);
        return isOutcome(answer)
          ? answer
          : transportFailure(`${name}: the app answered with something unexpected`);
      } catch (error) {
        // Electron rejects when params cannot be cloned or main has no handler yet.
        return transportFailure(
          `${name}: ${error instanceof Error ? error.message : "the call could not be made"}`,
        );
      }
    };
  }

  const known = new Set(names.events);
  const listeners = new Map<string, Set<(payload: never) => void>>();
  const onPush = (_event: unknown, message: unknown) => {
    if (typeof message !== "object" || message === null) return;
    const { event, payload } = message as { event?: unknown; payload?: unknown };
    if (typeof event !== "string") return;
    for (const listener of [...(listeners.get(event) ?? [])]) {
      try {
        (listener as (p: unknown) => void)(payload);
      } catch (error) {
        // One failing listener must not keep the event from the others.
        console.error(`a listener of ${event} failed`, error);
      }
    }
  };
  let listening = false;

  const subscribe = <E extends ApiPushEventName>(
    event: E,
    listener: (payload: never) => void,
  ): Unsubscribe => {
    if (!known.has(event)) throw new TypeError(`unknown event: ${String(event).slice(0, 64)}`);
    if (typeof listener !== "function") throw new TypeError("subscribe needs a listener function");
    let set = listeners.get(event);
    if (set === undefined) {
      set = new Set();
      listeners.set(event, set);
    }
    set.add(listener);
    if (!listening) {
      ipc.on(IPC_CHANNELS.push, onPush);
      listening = true;
    }
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      set.delete(listener);
      if (set.size === 0) listeners.delete(event);
      if (listeners.size === 0 && listening) {
        ipc.removeListener(IPC_CHANNELS.push, onPush);
        listening = false;
      }
    };
  };

  const switchNetwork = async (network: string): Promise<NetworkSwitchOutcome> => {
    if (typeof network !== "string") return transportFailure("switchNetwork needs a network name");
    try {
      const answer = await ipc.invoke(IPC_CHANNELS.switchNetwork, network);
      return isOutcome(answer)
        ? (answer as NetworkSwitchOutcome)
        : transportFailure("switchNetwork: the app answered with something unexpected");
    } catch (error) {
      return transportFailure(
        `switchNetwork: ${error instanceof Error ? error.message : "the switch could not be asked for"}`,
      );
    }
  };

  return Object.freeze({
    methods: Object.freeze(methods) as unknown as PreloadBridge["methods"],
    subscribe: subscribe as PreloadBridge["subscribe"],
    app: Object.freeze({ switchNetwork }),
  });
}
