// A minimal typed event hub for the engine. Every listener runs even if an earlier one throws; a throw is
// handed to the hub's error callback, never rethrown, so a buggy subscriber cannot stall the engine that
// emitted the event.

export type ListenerErrorHandler<E> = (event: keyof E, error: unknown) => void;

export class EventHub<E extends object> {
  private readonly lists = new Map<keyof E, ((payload: never) => void)[]>();

  constructor(private readonly onListenerError: ListenerErrorHandler<E>) {}

  on<K extends keyof E>(event: K, listener: (payload: E[K]) => void): () => void {
    let list = this.lists.get(event);
    if (list === undefined) {
      list = [];
      this.lists.set(event, list);
    }
    list.push(listener as (payload: never) => void);
    return () => {
      const current = this.lists.get(event);
      const i = current?.indexOf(listener as (payload: never) => void) ?? -1;
      if (current && i >= 0) current.splice(i, 1);
    };
  }

  emit<K extends keyof E>(event: K, payload: E[K]): void {
    const list = this.lists.get(event);
    if (list === undefined || list.length === 0) return;
    for (const listener of [...list]) {
      try {
        (listener as (p: E[K]) => void)(payload);
      } catch (error) {
        try {
          this.onListenerError(event, error);
        } catch {
          // The error handler itself failed: nothing left to report to, and the engine must go on.
        }
      }
    }
  }
}
