// The only doors through which time and randomness enter consensus code. State machines receive a Clock,
// a Scheduler and an Rng; the node injects real ones, the simulator virtual ones, so every consensus run
// reproduces exactly from a seed.

export interface Clock {
  /** Milliseconds (Unix epoch for real clocks, virtual time in the simulator). */
  now(): number;
}

export type Cancel = () => void;

export interface Scheduler {
  /** Runs `task` once after `delayMs`; the returned function cancels it (idempotent). */
  after(delayMs: number, task: () => void): Cancel;
}

export interface Rng {
  /** Uniform unsigned 32-bit integer. */
  nextU32(): number;
  /** Uniform float in [0, 1). */
  float(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
}

/** sfc32: small, fast, statistically solid; state fully determined by the seed. */
export class SeededRng implements Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 15; i++) this.nextU32();
  }

  nextU32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  float(): number {
    return this.nextU32() / 0x1_0000_0000;
  }

  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new RangeError(`int(n) needs a positive integer, got ${n}`);
    return Math.floor(this.float() * n);
  }

  /** Uniform integer in [min, max] (inclusive both ends). */
  range(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  /** A uniformly chosen element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError("pick from an empty list");
    return items[this.int(items.length)] as T;
  }

  /** `n` uniform bytes (each u32 gives four, little-endian). */
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i += 4) {
      const v = this.nextU32();
      for (let j = 0; j < 4 && i + j < n; j++) out[i + j] = (v >>> (8 * j)) & 0xff;
    }
    return out;
  }

  /** An independent stream derived from this one (per node, per component). */
  fork(): SeededRng {
    return new SeededRng(this.nextU32());
  }
}

export const systemClock: Clock = { now: () => Date.now() };

export const timerScheduler: Scheduler = {
  after(delayMs, task) {
    const handle = setTimeout(task, Math.max(0, delayMs));
    handle.unref?.();
    return () => clearTimeout(handle);
  },
};
