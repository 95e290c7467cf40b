// The memory figures /health and the metrics report: this process's resident set and heap against the
// memory it may use, which is the cgroup's limit when the process runs under one (a container) and the
// machine's physical memory otherwise.
import { totalmem } from "node:os";

export interface MemoryUsage {
  /** Resident set size of the process, bytes. */
  readonly rss: number;
  readonly heapUsed: number;
  /** Memory available to the process, bytes. */
  readonly total: number;
}

export type MemoryProbe = () => MemoryUsage;

export const processMemory: MemoryProbe = () => {
  const usage = process.memoryUsage();
  // constrainedMemory() is 0 (or absurdly large) when no limit is set.
  const limit = typeof process.constrainedMemory === "function" ? process.constrainedMemory() : 0;
  const machine = totalmem();
  const total = limit > 0 && limit < machine ? limit : machine;
  return { rss: usage.rss, heapUsed: usage.heapUsed, total };
};

/** rss / total, or null when the probe gave figures that make no fraction. */
export function memoryFraction(usage: MemoryUsage): number | null {
  const { rss, total } = usage;
  if (!Number.isFinite(rss) || !Number.isFinite(total) || rss < 0 || total <= 0) return null;
  return rss / total;
}
