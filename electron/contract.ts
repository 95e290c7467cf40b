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

export type {
  ApiFailure,
  ApiMethodName,
  ApiMethods,
  ApiOutcome,
  ApiParams,
  ApiPushEventName,
  ApiPushEvents,
  ApiResult,
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
}

/** The preload's `window.time`: one function per method, by name. */
export interface PreloadBridge {
  readonly methods: {
    readonly [M in ApiMethodName]: (params?: ApiParams<M>) => Promise<ApiOutcome<ApiResult<M>>>;
  };
  subscribe<E extends ApiPushEventName>(event: E, listener: (payload: ApiPushEvents[E]) => void): Unsubscribe;
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
