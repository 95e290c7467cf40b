// The in-memory message network of the consensus engines' tests: each message reaches its receiver on
// virtual time after a fixed one-way latency plus a seeded jitter, unless seeded loss drops it. Engine-
// specific wiring (who hears what, adversarial senders, crashes) stays in each engine's test support; this
// is the one place that decides whether and when a message arrives, so every run replays from its seed.
// The simulator's network (sim/network.ts) is the production-grade one, with per-link models.
import type { Rng, VirtualTime } from "../consensus/index.js";

export interface LinkSpec {
  /** One-way delay of every message (default 50 ms). */
  readonly latencyMs?: number;
  /** Extra delay per message, a uniform integer in [0, jitterMs] (default 0). */
  readonly jitterMs?: number;
  /** Probability that a message is dropped (default 0). */
  readonly loss?: number;
}

export class MessageNet {
  /** Messages put on the wire (lost ones are not counted). */
  messages = 0;
  private readonly latencyMs: number;
  private readonly jitterMs: number;
  private readonly loss: number;

  constructor(
    readonly time: VirtualTime,
    private readonly rng: Rng,
    spec: LinkSpec = {},
  ) {
    this.latencyMs = spec.latencyMs ?? 50;
    this.jitterMs = spec.jitterMs ?? 0;
    this.loss = spec.loss ?? 0;
  }

  /** Runs `deliver` when the message arrives; false when it was lost. */
  send(deliver: () => void): boolean {
    if (this.loss > 0 && this.rng.float() < this.loss) return false;
    const delay = this.latencyMs + this.rng.int(this.jitterMs + 1);
    this.messages++;
    this.time.after(delay, deliver);
    return true;
  }
}
