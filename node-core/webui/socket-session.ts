// One WebSocket client of the web UI: parses each message as the contract's wire (a call, or the event set
// it wants), calls the API, and sends back outcomes and pushed events. Anything malformed is answered with
// an error outcome (or, without a usable id, dropped and counted) and never throws. Events are dropped, not
// queued without end, while the client reads too slowly: the UI re-reads state on its next call.
import type { Api, ApiFailure, ApiPushEventName } from "../api/index.js";
import { subscribePushEvents, toApiError } from "../api/index.js";
import type { Logger, Unsubscribe } from "../util/index.js";

/** What a session needs of its socket. */
export interface SessionSocket {
  send(text: string): void;
  /** Bytes queued and not yet written. */
  readonly bufferedAmount: number;
}

export interface SessionLimits {
  readonly maxInFlight: number;
  /** Past this many buffered bytes, pushed events are dropped. */
  readonly maxBufferedBytes: number;
}

const MAX_ID = Number.MAX_SAFE_INTEGER;
const MAX_SUBSCRIBED = 64;

export class SocketSession {
  private inFlight = 0;
  private unsubscribe: Unsubscribe | null = null;
  private closed = false;
  /** Messages refused before an id could be read (not JSON, not an object, no id). */
  droppedMessages = 0;
  droppedEvents = 0;

  constructor(
    private readonly socket: SessionSocket,
    private readonly api: Api,
    private readonly limits: SessionLimits,
    private readonly logger: Logger,
  ) {}

  /** Handles one text message. */
  receive(text: string): void {
    if (this.closed) return;
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      this.droppedMessages++;
      return;
    }
    if (typeof message !== "object" || message === null || Array.isArray(message)) {
      this.droppedMessages++;
      return;
    }
    const record = message as Record<string, unknown>;
    const id = record.id;
    if (typeof id !== "number" || !Number.isInteger(id) || id < 0 || id > MAX_ID) {
      this.droppedMessages++;
      return;
    }
    if (typeof record.call === "string") {
      this.call(id, record.call, record.params);
    } else if (Array.isArray(record.subscribe)) {
      this.subscribe(id, record.subscribe);
    } else {
      this.fail(id, { code: "API_INVALID_REQUEST", message: "a message is either a call or a subscribe" });
    }
  }

  /** Drops the subscriptions; later answers are not sent. */
  close(): void {
    this.closed = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  private call(id: number, method: string, params: unknown): void {
    if (this.inFlight >= this.limits.maxInFlight) {
      this.fail(id, {
        code: "API_NOT_READY",
        message: `busy: at most ${this.limits.maxInFlight} calls may wait for an answer at once`,
      });
      return;
    }
    this.inFlight++;
    const after: (() => void)[] = [];
    this.api
      .call(method, params ?? {}, { afterReply: (task) => void after.push(task) })
      .then(
        (result) => this.send({ id, ok: true, result: result ?? null }),
        (error: unknown) => {
          const failure = toApiError(error);
          if (failure.code === "API_INTERNAL_ERROR") {
            this.logger.error({ method: method.slice(0, 64), err: failure }, "web UI call failed");
          }
          this.fail(id, { code: failure.code, message: failure.message, data: failure.data });
        },
      )
      .finally(() => {
        this.inFlight--;
        for (const task of after.splice(0)) setImmediate(task);
      });
  }

  private subscribe(id: number, names: readonly unknown[]): void {
    if (names.length > MAX_SUBSCRIBED) {
      this.fail(id, { code: "API_INVALID_PARAMS", message: `at most ${MAX_SUBSCRIBED} events` });
      return;
    }
    let next: Unsubscribe;
    try {
      next = subscribePushEvents(this.api.runtime, names, (event, payload) => this.push(event, payload));
    } catch (error) {
      const failure = toApiError(error);
      this.fail(id, { code: failure.code, message: failure.message, data: failure.data });
      return;
    }
    this.unsubscribe?.();
    this.unsubscribe = next;
    this.send({ id, ok: true, result: [...new Set(names)] });
  }

  private push(event: ApiPushEventName, payload: unknown): void {
    if (this.socket.bufferedAmount > this.limits.maxBufferedBytes) {
      this.droppedEvents++;
      return;
    }
    this.send({ event, payload });
  }

  private fail(id: number, error: ApiFailure): void {
    this.send({ id, ok: false, error });
  }

  private send(message: unknown): void {
    if (this.closed) return;
    try {
      this.socket.send(JSON.stringify(message));
    } catch (error) {
      this.logger.warn({ err: error }, "web UI socket send failed");
    }
  }
}
