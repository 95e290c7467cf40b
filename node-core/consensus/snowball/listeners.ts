// A minimal typed listener list. Every listener runs even if an earlier one throws; the first error is
// rethrown afterwards, so a buggy subscriber surfaces without leaving the engine half-updated.

export class Listeners<A extends unknown[]> {
  private readonly list: ((...args: A) => void)[] = [];

  add(listener: (...args: A) => void): () => void {
    this.list.push(listener);
    return () => {
      const i = this.list.indexOf(listener);
      if (i >= 0) this.list.splice(i, 1);
    };
  }

  emit(...args: A): void {
    let failure: { error: unknown } | null = null;
    for (const listener of [...this.list]) {
      try {
        listener(...args);
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure !== null) throw failure.error;
  }

  get size(): number {
    return this.list.length;
  }
}
