// The anomaly detector (the seeds' "AI anomaly detector", done plainly): rolling baselines of how many
// connections a source opens, how many messages and how many invalid messages a peer sends per window, and
// of the interval between blocks, and a warning whenever a sample lies more than `threshold` standard
// deviations off its baseline once that has `warmup` samples. The rate baselines are network-wide (what a
// normal peer does), so a new peer is judged from its first window and the baseline survives peers coming
// and going; it persists across restarts through save()/load(). Listeners (the p2p host's peer scoring)
// hear every anomaly; the metrics export the warnings and the anomalies active now.
import { randomBytes } from "node:crypto";
import { open, rename, unlink } from "node:fs/promises";
import { z } from "zod";
import { EventHub, type Unsubscribe } from "../util/index.js";
import { MetricsError } from "./errors.js";
import { type AnomalyModules, type AnomalyOptions, resolveAnomalyOptions } from "./options.js";
import { RollingStats, type RollingStatsState } from "./rolling-stats.js";

export const ANOMALY_KINDS = ["connection-rate", "message-rate", "invalid-rate", "block-interval"] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

export interface Anomaly {
  readonly kind: AnomalyKind;
  /** The peer id or address the sample is about; null for block intervals (the chain's). */
  readonly subject: string | null;
  /** Count in the window so far (rates), or the interval in ms. */
  readonly value: number;
  readonly mean: number;
  /** The standard deviation the z-score used (after its floor). */
  readonly stdDev: number;
  readonly zScore: number;
  /** Clock time of the warning. */
  readonly at: number;
  /** A plain sentence for logs and the UI. */
  readonly message: string;
}

export interface AnomalyKindSummary {
  readonly samples: number;
  readonly mean: number;
  readonly stdDev: number;
  /** Warnings since start. */
  readonly warnings: number;
  /** Subjects with a warning in the last activeMs. */
  readonly active: number;
}

export type BaselineLoadResult =
  | { readonly loaded: true }
  | {
      readonly loaded: false;
      readonly reason: "missing" | "unreadable" | "corrupt" | "foreign";
      readonly message: string;
    };

const BASELINE_FORMAT = "timecoin-anomaly-baseline";
const BASELINE_VERSION = 1;
/** A baseline is a few hundred bytes: anything much larger is not one of ours. */
const MAX_BASELINE_BYTES = 64 * 1024;

const statsSchema = z.object({
  count: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  mean: z.number().finite(),
  variance: z.number().finite().nonnegative(),
});

const baselineSchema = z.object({
  format: z.literal(BASELINE_FORMAT),
  version: z.literal(BASELINE_VERSION),
  savedAt: z.number().finite(),
  windowMs: z.number().finite().positive(),
  baselines: z.object({
    "connection-rate": statsSchema,
    "message-rate": statsSchema,
    "invalid-rate": statsSchema,
    "block-interval": statsSchema,
  }),
});

interface PeerWindow {
  start: number;
  messages: number;
  invalid: number;
  flaggedMessages: boolean;
  flaggedInvalid: boolean;
}

interface SourceWindow {
  start: number;
  count: number;
  flagged: boolean;
}

interface AnomalyEvents {
  "anomaly:detected": Anomaly;
}

export class AnomalyDetector {
  readonly options: AnomalyOptions;
  private readonly baselines: Record<AnomalyKind, RollingStats>;
  private readonly peers = new Map<string, PeerWindow>();
  private readonly sources = new Map<string, SourceWindow>();
  private readonly warnings: Record<AnomalyKind, number>;
  /** Latest warning time per subject, by kind (the active gauge). */
  private readonly recent: Record<AnomalyKind, Map<string, number>>;
  private readonly hub: EventHub<AnomalyEvents>;
  private lastBlock: { height: bigint; timestampMs: number } | null = null;

  constructor(
    opts: Partial<AnomalyOptions>,
    private readonly modules: AnomalyModules,
  ) {
    this.options = resolveAnomalyOptions(opts);
    const span = this.options.span;
    this.baselines = {
      "connection-rate": new RollingStats(span),
      "message-rate": new RollingStats(span),
      "invalid-rate": new RollingStats(span),
      "block-interval": new RollingStats(span),
    };
    this.warnings = { "connection-rate": 0, "message-rate": 0, "invalid-rate": 0, "block-interval": 0 };
    this.recent = {
      "connection-rate": new Map(),
      "message-rate": new Map(),
      "invalid-rate": new Map(),
      "block-interval": new Map(),
    };
    this.hub = new EventHub<AnomalyEvents>(modules.logger);
  }

  /** Hears every anomaly (the p2p host lowers the peer's score); a throwing listener is logged, not rethrown. */
  onAnomaly(listener: (anomaly: Anomaly) => void): Unsubscribe {
    return this.hub.on("anomaly:detected", listener);
  }

  /**
   * The p2p host calls this for every message a peer sends, once its verdict is known: `valid` false for a
   * message that was provably bad (a reject verdict, a decode failure), true otherwise.
   */
  observeMessage(peerId: string, valid: boolean): void {
    checkSubject("peerId", peerId);
    if (typeof valid !== "boolean") throw badInput("valid", valid);
    const now = this.now();
    const w = this.peerWindow(peerId, now);
    w.messages++;
    if (!valid) w.invalid++;
    if (!w.flaggedMessages) w.flaggedMessages = this.checkRate("message-rate", peerId, w.messages, now);
    if (!valid && !w.flaggedInvalid)
      w.flaggedInvalid = this.checkRate("invalid-rate", peerId, w.invalid, now);
  }

  /**
   * The p2p host calls this for every connection opened (inbound or outbound) with the remote's IP address
   * or, where it has none, its peer id: many connections from one source in a window is an anomaly.
   */
  observeConnection(source: string): void {
    checkSubject("source", source);
    const now = this.now();
    let w = this.sources.get(source);
    if (w !== undefined && now >= w.start + this.options.windowMs) {
      this.closeSource(source, w);
      w = undefined;
    }
    if (w === undefined) {
      w = { start: now, count: 0, flagged: false };
      this.admit(this.sources, source, w);
    }
    w.count++;
    if (!w.flagged) w.flagged = this.checkRate("connection-rate", source, w.count, now);
  }

  /** A block connected with its header timestamp; the interval is taken from the block before it. */
  observeBlock(height: bigint, timestampMs: number): void {
    if (typeof height !== "bigint" || height < 0n) throw badInput("height", height);
    if (!Number.isFinite(timestampMs)) throw badInput("timestampMs", timestampMs);
    const last = this.lastBlock;
    this.lastBlock = { height, timestampMs };
    if (last !== null && height === last.height + 1n)
      this.observeBlockInterval(timestampMs - last.timestampMs);
  }

  observeBlockInterval(intervalMs: number): void {
    if (!Number.isFinite(intervalMs)) throw badInput("intervalMs", intervalMs);
    const stats = this.baselines["block-interval"];
    const floor = Math.abs(stats.mean) * this.options.blockIntervalFloor;
    if (stats.count >= this.options.warmup) {
      const z = stats.zScore(intervalMs, floor);
      if (Math.abs(z) > this.options.threshold) {
        this.report("block-interval", null, intervalMs, z, floor, this.now());
        stats.add(this.clip(stats, intervalMs, floor));
        return;
      }
    }
    stats.add(intervalMs);
  }

  /** A peer left: its open window is closed into the baseline and its state dropped. */
  forget(subject: string): void {
    const peer = this.peers.get(subject);
    if (peer !== undefined) this.closePeer(subject, peer);
    const source = this.sources.get(subject);
    if (source !== undefined) this.closeSource(subject, source);
  }

  /**
   * Closes the windows that have ended (quiet peers' too) and forgets stale warnings. Observing does this
   * for the subject observed; the metrics scrape calls it for the rest.
   */
  sweep(): void {
    const now = this.now();
    for (const [id, w] of this.peers) if (now >= w.start + this.options.windowMs) this.closePeer(id, w);
    for (const [id, w] of this.sources) if (now >= w.start + this.options.windowMs) this.closeSource(id, w);
    for (const kind of ANOMALY_KINDS) {
      for (const [subject, at] of this.recent[kind]) {
        if (now - at > this.options.activeMs) this.recent[kind].delete(subject);
      }
    }
  }

  /** The z-score `value` would have against the baseline of `kind`, or null while it warms up. */
  zScore(kind: AnomalyKind, value: number): number | null {
    const stats = this.baselines[kind];
    if (stats.count < this.options.warmup) return null;
    return stats.zScore(value, this.floor(kind, stats));
  }

  /** The baseline of `kind` as it stands (samples, mean, variance). */
  baseline(kind: AnomalyKind): RollingStatsState {
    return this.baselines[kind].state();
  }

  summary(): Record<AnomalyKind, AnomalyKindSummary> {
    this.sweep();
    const out = {} as Record<AnomalyKind, AnomalyKindSummary>;
    for (const kind of ANOMALY_KINDS) {
      const s = this.baselines[kind];
      out[kind] = {
        samples: s.count,
        mean: s.mean,
        stdDev: s.stdDev,
        warnings: this.warnings[kind],
        active: this.recent[kind].size,
      };
    }
    return out;
  }

  /** Writes the baselines to `path` atomically (a temp file beside it, synced, then renamed over it). */
  async save(path: string): Promise<void> {
    const body = {
      format: BASELINE_FORMAT,
      version: BASELINE_VERSION,
      savedAt: this.now(),
      windowMs: this.options.windowMs,
      baselines: Object.fromEntries(ANOMALY_KINDS.map((k) => [k, this.baselines[k].state()])),
    };
    const text = `${JSON.stringify(body, null, 2)}\n`;
    const temp = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    try {
      const file = await open(temp, "wx", 0o600);
      try {
        await file.writeFile(text, "utf8");
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temp, path);
    } catch (err) {
      await unlink(temp).catch(() => {});
      throw new MetricsError(
        "METRICS_BASELINE_WRITE_FAILED",
        `could not write the anomaly baseline to ${path}: ${describe(err)}`,
        { path, reason: describe(err) },
        { cause: err },
      );
    }
  }

  /**
   * Replaces the baselines with those saved at `path`. Never throws: a missing file is a first start, and
   * an unreadable, corrupt or foreign one (another format, another window length) is logged as a warning
   * and ignored, the detector keeping the baselines it has.
   */
  async load(path: string): Promise<BaselineLoadResult> {
    let text: string;
    try {
      const file = await open(path, "r");
      try {
        const stat = await file.stat();
        // A device or a pipe (a mistyped path) could be read forever.
        if (!stat.isFile()) return this.ignored(path, "unreadable", "it is not a regular file");
        const size = stat.size;
        if (size > MAX_BASELINE_BYTES) {
          return this.ignored(path, "foreign", `it is ${size} bytes, larger than any baseline`);
        }
        text = await file.readFile("utf8");
      } finally {
        await file.close();
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") {
        return { loaded: false, reason: "missing", message: `no anomaly baseline at ${path} yet` };
      }
      return this.ignored(path, "unreadable", describe(err));
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      return this.ignored(path, "corrupt", `it is not JSON (${describe(err)})`);
    }
    const parsed = baselineSchema.safeParse(json);
    if (!parsed.success) {
      const format = (json as { format?: unknown } | null)?.format;
      return format === BASELINE_FORMAT
        ? this.ignored(path, "corrupt", `its fields are invalid (${parsed.error.issues[0]?.message ?? "?"})`)
        : this.ignored(path, "foreign", "it is not an anomaly baseline file");
    }
    if (parsed.data.windowMs !== this.options.windowMs) {
      return this.ignored(
        path,
        "foreign",
        `it counts per ${parsed.data.windowMs} ms window, this detector per ${this.options.windowMs} ms`,
      );
    }
    for (const kind of ANOMALY_KINDS) this.baselines[kind].restore(parsed.data.baselines[kind]);
    return { loaded: true };
  }

  private ignored(
    path: string,
    reason: "unreadable" | "corrupt" | "foreign",
    why: string,
  ): BaselineLoadResult {
    const message = `ignoring the anomaly baseline at ${path}: ${why}; starting from a fresh baseline`;
    this.modules.logger.warn({ path, reason }, message);
    return { loaded: false, reason, message };
  }

  private now(): number {
    return this.modules.clock.now();
  }

  private peerWindow(peerId: string, now: number): PeerWindow {
    let w = this.peers.get(peerId);
    if (w !== undefined && now >= w.start + this.options.windowMs) {
      this.closePeer(peerId, w);
      w = undefined;
    }
    if (w === undefined) {
      w = { start: now, messages: 0, invalid: 0, flaggedMessages: false, flaggedInvalid: false };
      this.admit(this.peers, peerId, w);
    }
    return w;
  }

  /** Adds a subject, dropping the least recently opened one beyond maxSubjects. */
  private admit<W>(map: Map<string, W>, id: string, w: W): void {
    map.delete(id);
    map.set(id, w);
    if (map.size > this.options.maxSubjects) {
      const oldest = map.keys().next().value;
      if (oldest !== undefined) map.delete(oldest);
    }
  }

  private closePeer(id: string, w: PeerWindow): void {
    this.peers.delete(id);
    this.fold("message-rate", w.messages, w.flaggedMessages);
    this.fold("invalid-rate", w.invalid, w.flaggedInvalid);
  }

  private closeSource(id: string, w: SourceWindow): void {
    this.sources.delete(id);
    this.fold("connection-rate", w.count, w.flagged);
  }

  /**
   * A window's count joins the baseline; a flagged one only up to the threshold, so a flood moves the
   * baseline no more than a borderline peer does, while a network whose traffic really grows still drags it.
   */
  private fold(kind: AnomalyKind, count: number, flagged: boolean): void {
    const stats = this.baselines[kind];
    stats.add(flagged ? this.clip(stats, count, this.floor(kind, stats)) : count);
  }

  private clip(stats: RollingStats, x: number, floor: number): number {
    const reach = this.options.threshold * Math.max(stats.stdDev, floor);
    return Math.min(Math.max(x, stats.mean - reach), stats.mean + reach);
  }

  /**
   * Least standard deviation of a count per window: a Poisson count's, sqrt(mean), and at least 1, so that
   * a baseline of peers that never send an invalid message does not make the first one infinitely odd.
   */
  private floor(kind: AnomalyKind, stats: RollingStats): number {
    if (kind === "block-interval") return Math.abs(stats.mean) * this.options.blockIntervalFloor;
    return Math.sqrt(Math.max(stats.mean, 1));
  }

  /** True (and reported) when a window's count so far is too high for its baseline. */
  private checkRate(kind: AnomalyKind, subject: string, count: number, now: number): boolean {
    const stats = this.baselines[kind];
    if (stats.count < this.options.warmup) return false;
    const floor = this.floor(kind, stats);
    const z = stats.zScore(count, floor);
    if (z <= this.options.threshold) return false;
    this.report(kind, subject, count, z, floor, now);
    return true;
  }

  private report(
    kind: AnomalyKind,
    subject: string | null,
    value: number,
    z: number,
    floor: number,
    at: number,
  ): void {
    const stats = this.baselines[kind];
    const stdDev = Math.max(stats.stdDev, floor);
    const seconds = this.options.windowMs / 1000;
    const message =
      kind === "block-interval"
        ? `a block came ${value} ms after its parent, against ${Math.round(stats.mean)} ms usually (z = ${z.toFixed(1)})`
        : `${subject} reached ${value} ${NOUN[kind]} in ${seconds} s, against ${stats.mean.toFixed(1)} usually (z = ${z.toFixed(1)})`;
    this.warnings[kind]++;
    this.recent[kind].set(subject ?? "chain", at);
    const anomaly: Anomaly = { kind, subject, value, mean: stats.mean, stdDev, zScore: z, at, message };
    this.modules.logger.warn({ kind, subject, value, zScore: z }, `anomaly: ${message}`);
    this.hub.emit("anomaly:detected", anomaly);
  }
}

const NOUN: Record<AnomalyKind, string> = {
  "connection-rate": "connections",
  "message-rate": "messages",
  "invalid-rate": "invalid messages",
  "block-interval": "ms",
};

function checkSubject(argument: string, value: unknown): void {
  if (typeof value !== "string" || value.length === 0 || value.length > 512) throw badInput(argument, value);
}

function badInput(argument: string, value: unknown): MetricsError<"METRICS_BAD_INPUT"> {
  const actual = typeof value === "string" ? `a string of ${value.length} characters` : String(value);
  return new MetricsError("METRICS_BAD_INPUT", `the anomaly detector got an unusable ${argument}`, {
    argument,
    actual,
  });
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
