// Waiting on real processes: asks `probe` every `pollMs` until it gives a value (not null), and fails after
// `timeoutMs` naming what was awaited and the last error the probe threw (a daemon not answering yet).
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function pollUntil<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | null>,
  pollMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== null) return value;
    } catch (error) {
      last = error;
    }
    await sleep(pollMs);
  }
  throw new Error(`${what}: not after ${timeoutMs} ms${last ? ` (${String(last)})` : ""}`);
}
