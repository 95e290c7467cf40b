// The contract between the UI and the node, shared by the Electron main process, the preload, the web-mode
// WebSocket transport and the renderer. Everything is derived from node-core/api's one method table and
// event list (types only: nothing here runs), so no method or event is listed a second time.
//
// Two shapes: `TimeBridge` is what the renderer programs against (one typed `call`, `on` for events,
// connection state); `PreloadBridge` is what the Electron preload exposes on `window.time` (one named
// function per API method, no generic invoke), which the renderer adapts into a TimeBridge.
import type {
  ApiFailure,
  ApiMethodName,
  ApiMethods,
  ApiOutcome,
  ApiParams,
  ApiPushEventName,
  ApiPushEvents,
  ApiResult,
} from "../node-core/api/contract.js";
import type { NetworkName } from "../node-core/params/network.js";

export type {
  ApiFailure,
  ApiMethodName,
  ApiMethods,
  ApiOutcome,
  ApiParams,
  ApiPushEventName,
  ApiPushEvents,
  ApiResult,
  NetworkName,
};

/** How the UI is connected to its node. */
export type ConnectionState = "connecting" | "open" | "closed";

export type Unsubscribe = () => void;

/** What the renderer uses, in the desktop app and in web mode alike. */
export interface TimeBridge {
  readonly kind: "electron" | "web";
  /** Calls an API method with named params; an API refusal resolves as `{ ok: false, error }`. */
  call<M extends ApiMethodName>(method: M, params?: ApiParams<M>): Promise<ApiOutcome<ApiResult<M>>>;
  /** Listens to one pushed event. */
  on<E extends ApiPushEventName>(event: E, listener: (payload: ApiPushEvents[E]) => void): Unsubscribe;
  /** Listens to the connection state (called at once with the current one). */
  onConnection(listener: (state: ConnectionState) => void): Unsubscribe;
  /**
   * Runs the node on another network (the desktop app restarts its node there and remembers the choice);
   * resolves once the node runs on it. Null in web mode, where the page belongs to a node on one network.
   */
  readonly switchNetwork: ((network: NetworkName) => Promise<NetworkSwitchOutcome>) | null;
}

/** The outcome of a network switch: the network the node now runs on, or why it could not. */
export type NetworkSwitchOutcome = ApiOutcome<{ readonly network: NetworkName }>;

/** The preload's `window.time`: one function per method, by name. */
export interface PreloadBridge {
  readonly methods: {
    readonly [M in ApiMethodName]: (params?: ApiParams<M>) => Promise<ApiOutcome<ApiResult<M>>>;
  };
  subscribe<E extends ApiPushEventName>(event: E, listener: (payload: ApiPushEvents[E]) => void): Unsubscribe;
  /** What the app itself does, beside the node's API. */
  readonly app: {
    readonly switchNetwork: (network: NetworkName) => Promise<NetworkSwitchOutcome>;
  };
}

// The WebSocket wire of web mode (JSON text frames, one object each).
/** Client -> server: a call, or the set of events to receive (replaces the previous set). */
export type WsClientMessage =
  | { readonly id: number; readonly call: string; readonly params?: unknown }
  | { readonly id: number; readonly subscribe: readonly string[] };

/** Server -> client: the outcome of request `id`, or a pushed event. */
export type WsServerMessage =
  | ({ readonly id: number } & ApiOutcome<unknown>)
  | { readonly event: ApiPushEventName; readonly payload: unknown };

// The desktop app's IPC between the preload and main (the only channels the preload uses).
export const IPC_CHANNELS = Object.freeze({
  /** invoke(call, method, params) -> ApiOutcome. */
  call: "time:call",
  /** main -> renderer: one pushed event as a DesktopPushMessage. */
  push: "time:push",
  /** invoke(switchNetwork, network) -> NetworkSwitchOutcome. */
  switchNetwork: "time:switch-network",
} as const);

/** What main sends on IPC_CHANNELS.push. */
export interface DesktopPushMessage {
  readonly event: ApiPushEventName;
  readonly payload: unknown;
}

/**
 * How main hands the preload its method and event names (a sandboxed preload cannot import node-core):
 * `webPreferences.additionalArguments` entries `--time-api-methods=a,b,…` and `--time-api-events=x,y,…`.
 */
export const PRELOAD_ARGUMENTS = Object.freeze({
  methods: "--time-api-methods=",
  events: "--time-api-events=",
} as const);

// The node host (a utilityProcess) and main talk over process.parentPort with these messages.
/** main -> host. */
export type MainToHostMessage =
  | { readonly kind: "call"; readonly id: number; readonly method: string; readonly params?: unknown }
  /** Replaces the set of pushed events. */
  | { readonly kind: "subscribe"; readonly events: readonly string[] }
  | { readonly kind: "stop"; readonly reason: string };

/** host -> main. */
export type HostToMainMessage =
  | { readonly kind: "ready"; readonly network: string; readonly dataDir: string }
  | ({ readonly kind: "outcome"; readonly id: number } & ApiOutcome<unknown>)
  | { readonly kind: "push"; readonly event: ApiPushEventName; readonly payload: unknown }
  /**
   * The node could not start or failed; the host exits after sending it. Not `retryable` when starting
   * again cannot help (a bad setting, the data directory in use by another node).
   */
  | { readonly kind: "fatal"; readonly message: string; readonly retryable: boolean };
