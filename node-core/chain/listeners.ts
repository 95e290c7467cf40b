// A tiny typed listener list for service events (no node:events in pure state machines). Listeners run
// after the state change they report is complete; one that throws must not leave the service half-updated,
// so its error is rethrown on a fresh microtask, where it surfaces as an uncaught error instead.

export type Unsubscribe = () => void;

export class Listeners<Args extends unknown[]> {
  private list: ((...args: Args) => void)[] = [];

  add(listener: (...args: Args) => void): Unsubscribe {
    this.list = [...this.list, listener];
    return () => {
      this.list = this.list.filter((l) => l !== listener);
    };
  }

  get size(): number {
    return this.list.length;
  }

  emit(...args: Args): void {
    for (const listener of this.list) {
      try {
        listener(...args);
      } catch (err) {
        queueMicrotask(() => {
          throw err;
        });
      }
    }
  }
}
