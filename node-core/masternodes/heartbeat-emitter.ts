// A masternode's own heartbeat: signed with the operator key every intervalMs and handed to `publish`
// (gossip, and this node's own tracker). Time and timers come from the injected clock and scheduler.
// The sequence is max(previous + 1, timestamp): strictly increasing within a run, and still increasing
// after a restart without storing anything, as long as the clock does not go back.
import type { Cancel, Clock, Scheduler, SignatureScheme } from "../consensus/index.js";
import type { Heartbeat, PublicKey } from "../types/index.js";
import { signHeartbeat } from "./heartbeat.js";
import { type HeartbeatEmitterOptions, heartbeatEmitterOptions } from "./options.js";

export interface HeartbeatEmitterModules {
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly signatures: SignatureScheme;
  readonly chainId: number;
  /** The operator secret (never logged or put in an error). */
  readonly operatorSecret: Uint8Array;
  readonly operatorPublicKey: PublicKey;
  /** This node's chain height now. */
  readonly height: () => bigint;
  readonly publish: (heartbeat: Heartbeat) => void;
}

export class HeartbeatEmitter {
  readonly opts: HeartbeatEmitterOptions;
  private lastSequence = -1n;
  private cancel: Cancel | null = null;

  constructor(
    opts: Partial<HeartbeatEmitterOptions>,
    private readonly modules: HeartbeatEmitterModules,
  ) {
    this.opts = heartbeatEmitterOptions(opts);
  }

  get running(): boolean {
    return this.cancel !== null;
  }

  /** Sends one heartbeat now, then one every intervalMs until stop(). Idempotent. */
  start(): void {
    if (this.cancel !== null) return;
    const tick = (): void => {
      this.cancel = this.modules.scheduler.after(this.opts.intervalMs, tick);
      this.emit();
    };
    tick();
  }

  stop(): void {
    this.cancel?.();
    this.cancel = null;
  }

  /** Signs and publishes one heartbeat now (also used by start's timer); returns it. */
  emit(): Heartbeat {
    const m = this.modules;
    const timestamp = BigInt(Math.floor(m.clock.now()));
    const sequence = timestamp > this.lastSequence ? timestamp : this.lastSequence + 1n;
    this.lastSequence = sequence;
    const heartbeat = signHeartbeat(m.signatures, m.chainId, m.operatorSecret, {
      operatorPublicKey: m.operatorPublicKey,
      height: m.height(),
      timestamp,
      sequence,
    });
    m.publish(heartbeat);
    return heartbeat;
  }
}
