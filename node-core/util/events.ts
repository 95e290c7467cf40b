// The one typed event hub of node-core. Events are named `domain:event` ("chain:block", "tsdc:committed").
// The emitter calls emit() last, once its own state change is complete, and listeners run synchronously in
// subscription order. A listener that throws, or returns a promise that rejects, is reported to the
// injected logger and never rethrown: it must not stall the emitter, skip the listeners after it, or
// surface later as an uncaught exception or unhandled rejection that takes the process down.
import type { Logger } from "./logger.js";

export type EventName = `${string}:${string}`;

export type Unsubscribe = () => void;

export type Listener<Payload> = (payload: Payload) => void;

/** Every key of an event map must be a `domain:event` name: any other key gets the payload type never. */
export type EventMap<Events> = { [K in keyof Events]: K extends EventName ? unknown : never };

export class EventHub<Events extends EventMap<Events>> {
  private readonly lists = new Map<keyof Events, Listener<never>[]>();

  constructor(private readonly logger: Logger) {}

  /** Subscribes; the returned function unsubscribes (idempotent). */
  on<K extends keyof Events & EventName>(name: K, listener: Listener<Events[K]>): Unsubscribe {
    // Copy on write: an emit in progress keeps iterating the list it started with, so subscribing or
    // unsubscribing from inside a listener takes effect at the next emit.
    this.lists.set(name, [...(this.lists.get(name) ?? []), listener as Listener<never>]);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      const list = this.lists.get(name) ?? [];
      const i = list.indexOf(listener as Listener<never>);
      if (i < 0) return;
      const next = [...list.slice(0, i), ...list.slice(i + 1)];
      if (next.length === 0) this.lists.delete(name);
      else this.lists.set(name, next);
    };
  }

  /**
   * Calls every listener of `name` with `payload`; never throws because of a listener. A listener's
   * rejected promise is logged like a throw, when it settles.
   */
  emit<K extends keyof Events & EventName>(name: K, payload: Events[K]): void {
    const list = this.lists.get(name);
    if (list === undefined) return;
    for (const listener of list) {
      try {
        // An async listener is not awaited (emit stays synchronous), but its rejection is ours to report.
        const result: unknown = (listener as Listener<Events[K]>)(payload);
        if (isThenable(result)) result.then(undefined, (err: unknown) => this.report(name, err, "rejected"));
      } catch (err) {
        this.report(name, err, "threw");
      }
    }
  }

  /** Listeners of `name` (for tests and leak checks). */
  listenerCount(name: keyof Events & EventName): number {
    return this.lists.get(name)?.length ?? 0;
  }

  private report(event: EventName, err: unknown, how: "threw" | "rejected"): void {
    try {
      this.logger.error({ event, err }, `a listener of ${event} ${how}`);
    } catch {
      // A broken logger must not turn a listener's fault into the emitter's.
    }
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}
