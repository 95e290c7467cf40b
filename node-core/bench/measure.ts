// Timing helpers for benchmark scripts: run a body repeatedly for a minimum wall time and report a rate.

export interface Rate {
  readonly ops: number;
  readonly seconds: number;
  readonly perSecond: number;
}

/** Calls `body` (which performs `opsPerCall` operations) until at least `minMs` have passed. */
export async function measureRate(
  opsPerCall: number,
  body: () => unknown | Promise<unknown>,
  minMs = 1500,
): Promise<Rate> {
  await body(); // warm-up: JIT, caches, worker start-up
  let ops = 0;
  const start = process.hrtime.bigint();
  let elapsedNs = 0n;
  while (elapsedNs < BigInt(minMs) * 1_000_000n) {
    await body();
    ops += opsPerCall;
    elapsedNs = process.hrtime.bigint() - start;
  }
  const seconds = Number(elapsedNs) / 1e9;
  return { ops, seconds, perSecond: ops / seconds };
}

export function formatRate(rate: number): string {
  return Math.round(rate).toLocaleString("en-US");
}

export function report(label: string, value: string, note = ""): void {
  console.log(`${label.padEnd(58)} ${value.padStart(14)}${note ? `  ${note}` : ""}`);
}
