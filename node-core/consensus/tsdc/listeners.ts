// A minimal typed event hub for the engine. Every listener runs even if an earlier one throws; the first
// error is rethrown afterwards, so a buggy subscriber surfaces without skipping the others.

export class EventHub<E extends object> {
  private readonly lists = new Map<keyof E, ((payload: never) => void)[]>();

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
    let failure: { error: unknown } | null = null;
    for (const listener of [...list]) {
      try {
        (listener as (p: E[K]) => void)(payload);
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure !== null) throw failure.error;
  }
}
