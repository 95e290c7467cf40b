// Main's side of the node host's message protocol: numbers each call, matches the host's outcome to it,
// fails every waiting call with API_TRANSPORT_ERROR when the host goes away or takes too long, and hands
// pushed events to one listener. Transport-free: the caller posts messages and feeds what arrives.
import type {
  ApiFailure,
  ApiOutcome,
  ApiPushEventName,
  HostToMainMessage,
  MainToHostMessage,
} from "../contract.js";

export interface HostPort {
  postMessage(message: MainToHostMessage): void;
}

export interface HostClientOptions {
  /** A call with no answer by then fails (a wedged host must not hang the UI forever). */
  readonly callTimeoutMs?: number;
  readonly onPush?: (event: ApiPushEventName, payload: unknown) => void;
  readonly onReady?: (info: { network: string; dataDir: string }) => void;
  readonly onFatal?: (message: string, retryable: boolean) => void;
}

const DEFAULT_CALL_TIMEOUT_MS = 120_000;

interface Pending {
  readonly resolve: (outcome: ApiOutcome<unknown>) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

export function transportFailure(message: string): { ok: false; error: ApiFailure } {
  return { ok: false, error: { code: "API_TRANSPORT_ERROR", message } };
}

export class HostClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private port: HostPort | null = null;
  private readonly timeoutMs: number;

  constructor(private readonly opts: HostClientOptions = {}) {
    this.timeoutMs = opts.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  }

  /** The host to talk to from now on (null while none runs: calls then fail at once). */
  attach(port: HostPort | null): void {
    this.port = port;
  }

  get waiting(): number {
    return this.pending.size;
  }

  call(method: string, params?: unknown): Promise<ApiOutcome<unknown>> {
    const port = this.port;
    if (port === null) return Promise.resolve(transportFailure("the node is not running"));
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve(transportFailure(`the node did not answer ${method} within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.pending.set(id, { resolve, timer });
      try {
        port.postMessage(
          params === undefined ? { kind: "call", id, method } : { kind: "call", id, method, params },
        );
      } catch (error) {
        this.settle(id, transportFailure(`the call could not be sent to the node: ${describe(error)}`));
      }
    });
  }

  send(message: MainToHostMessage): boolean {
    if (this.port === null) return false;
    try {
      this.port.postMessage(message);
      return true;
    } catch {
      return false;
    }
  }

  /** Feeds one message from the host; anything not of the protocol is ignored (and returns false). */
  handleMessage(message: unknown): boolean {
    if (!isHostMessage(message)) return false;
    switch (message.kind) {
      case "outcome": {
        const outcome: ApiOutcome<unknown> = message.ok
          ? { ok: true, result: message.result }
          : { ok: false, error: message.error };
        return this.settle(message.id, outcome);
      }
      case "push":
        this.opts.onPush?.(message.event, message.payload);
        return true;
      case "ready":
        this.opts.onReady?.({ network: message.network, dataDir: message.dataDir });
        return true;
      case "fatal":
        this.opts.onFatal?.(message.message, message.retryable);
        return true;
    }
  }

  /** The host exited: every waiting call fails now rather than at its timeout. */
  hostGone(reason: string): void {
    this.port = null;
    for (const id of [...this.pending.keys()]) this.settle(id, transportFailure(reason));
  }

  private settle(id: number, outcome: ApiOutcome<unknown>): boolean {
    const entry = this.pending.get(id);
    if (entry === undefined) return false;
    this.pending.delete(id);
    clearTimeout(entry.timer);
    entry.resolve(outcome);
    return true;
  }
}

function isHostMessage(value: unknown): value is HostToMainMessage {
  if (typeof value !== "object" || value === null) return false;
  const m = value as Record<string, unknown>;
  switch (m.kind) {
    case "outcome":
      return (
        Number.isSafeInteger(m.id) &&
        (m.ok === true ||
          (m.ok === false && typeof m.error === "object" && m.error !== null && "code" in m.error))
      );
    case "push":
      return typeof m.event === "string";
    case "ready":
      return typeof m.network === "string" && typeof m.dataDir === "string";
    case "fatal":
      return typeof m.message === "string" && typeof m.retryable === "boolean";
    default:
      return false;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
