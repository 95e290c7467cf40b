// The anomaly detector on synthetic series over a manual clock: per-peer message, invalid-message and
// connection counts per window judged against the network-wide baseline after its warm-up, block intervals
// both ways, one warning per subject and window, a flood moving the baseline only a little, active
// anomalies ageing out, bad arguments refused, and the baseline surviving a save/load round trip while a
// corrupt, foreign or oversized file is ignored with a warning.
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ManualClock, SeededRng } from "../testing/index.js";
import { memoryLogger } from "../util/index.js";
import { type Anomaly, AnomalyDetector } from "./anomaly-detector.js";
import type { AnomalyOptions } from "./options.js";

const WINDOW = 10_000;

function rig(opts: Partial<AnomalyOptions> = {}) {
  const clock = new ManualClock(1_000_000);
  const logger = memoryLogger();
  const detector = new AnomalyDetector({ windowMs: WINDOW, ...opts }, { clock, logger });
  const seen: Anomaly[] = [];
  detector.onAnomaly((a) => seen.push(a));
  return { clock, logger, detector, seen };
}

/** `peers` normal peers each send 15..25 messages (one in ten invalid for none) per window, for `windows`. */
function normalTraffic(r: ReturnType<typeof rig>, rng: SeededRng, peers: number, windows: number): void {
  for (let w = 0; w < windows; w++) {
    for (let p = 0; p < peers; p++) {
      const n = 15 + rng.int(11);
      for (let i = 0; i < n; i++) r.detector.observeMessage(`peer-${p}`, true);
    }
    r.clock.advance(WINDOW);
  }
  r.detector.sweep();
}

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "time-anomaly-"));
  dirs.push(dir);
  return dir;
}

describe("AnomalyDetector", () => {
  it("judges nothing during the warm-up, then flags a flooding peer once per window", () => {
    const r = rig({ warmup: 30 });
    const rng = new SeededRng(5);
    // 10 peers for 2 windows: 20 samples, short of the warm-up, so even a flood passes unremarked.
    normalTraffic(r, rng, 10, 2);
    expect(r.detector.zScore("message-rate", 100)).toBeNull();
    for (let i = 0; i < 500; i++) r.detector.observeMessage("early-flooder", true);
    expect(r.seen).toEqual([]);
    r.clock.advance(WINDOW);
    normalTraffic(r, rng, 10, 3);
    const base = r.detector.baseline("message-rate");
    expect(base.count).toBeGreaterThanOrEqual(30);
    expect(base.mean).toBeGreaterThan(15);
    expect(base.mean).toBeLessThan(30);

    // A z-score is (x - mean) / max(sd, sqrt(mean)).
    const sd = Math.max(Math.sqrt(base.variance), Math.sqrt(base.mean));
    expect(r.detector.zScore("message-rate", base.mean + 2 * sd)).toBeCloseTo(2, 9);

    for (let i = 0; i < 300; i++) r.detector.observeMessage("flooder", true);
    for (let p = 0; p < 10; p++) for (let i = 0; i < 20; i++) r.detector.observeMessage(`peer-${p}`, true);
    expect(r.seen).toHaveLength(1);
    const a = r.seen[0] as Anomaly;
    expect(a).toMatchObject({ kind: "message-rate", subject: "flooder", at: r.clock.now() });
    expect(a.zScore).toBeGreaterThan(3);
    // It is reported when it crosses the threshold, not at the window's end.
    expect(a.value).toBe(Math.floor(base.mean + 3 * sd) + 1);
    expect(a.message).toContain("flooder");
    expect(r.logger.at("warn").some((e) => e.msg?.includes("flooder"))).toBe(true);
    expect(r.detector.summary()["message-rate"]).toMatchObject({ warnings: 1, active: 1 });

    // The flood joins the baseline clipped to the threshold: the mean moves by less than a peer's spread.
    r.clock.advance(WINDOW);
    r.detector.sweep();
    expect(r.detector.baseline("message-rate").mean - base.mean).toBeLessThan(sd);

    // A new window: flooding again is a new warning; the old one ages out of the active count.
    for (let i = 0; i < 300; i++) r.detector.observeMessage("flooder", true);
    expect(r.seen).toHaveLength(2);
    r.clock.advance(r.detector.options.activeMs + 1);
    expect(r.detector.summary()["message-rate"]).toMatchObject({ warnings: 2, active: 0 });
  });

  it("flags a peer sending invalid messages where peers send none", () => {
    const r = rig({ warmup: 30 });
    normalTraffic(r, new SeededRng(9), 10, 4);
    expect(r.detector.baseline("invalid-rate")).toMatchObject({ mean: 0, variance: 0 });
    // The floor of one standard deviation: two invalid messages are z = 2, four are z = 4.
    r.detector.observeMessage("sloppy", false);
    r.detector.observeMessage("sloppy", false);
    expect(r.seen).toEqual([]);
    r.detector.observeMessage("sloppy", false);
    r.detector.observeMessage("sloppy", false);
    expect(r.seen).toHaveLength(1);
    expect(r.seen[0]).toMatchObject({ kind: "invalid-rate", subject: "sloppy", value: 4, zScore: 4 });
  });

  it("flags an address opening many connections in a window", () => {
    const r = rig({ warmup: 30 });
    for (let w = 0; w < 4; w++) {
      for (let s = 0; s < 10; s++) {
        r.detector.observeConnection(`10.0.0.${s}`);
        if (s % 3 === 0) r.detector.observeConnection(`10.0.0.${s}`);
      }
      r.clock.advance(WINDOW);
    }
    r.detector.sweep();
    expect(r.detector.baseline("connection-rate").count).toBe(40);
    for (let i = 0; i < 5; i++) r.detector.observeConnection("192.0.2.7");
    expect(r.seen.map((a) => a.kind)).toEqual(["connection-rate"]);
    expect(r.seen[0]?.subject).toBe("192.0.2.7");
  });

  it("flags block intervals far off the usual, both too slow and too fast", () => {
    const r = rig({ warmup: 30 });
    const rng = new SeededRng(2);
    let ts = 1_700_000_000_000;
    let height = 10n;
    r.detector.observeBlock(height, ts);
    for (let i = 0; i < 40; i++) {
      ts += 5_000 + rng.int(200) - 100;
      r.detector.observeBlock(++height, ts);
    }
    expect(r.seen).toEqual([]);
    expect(r.detector.baseline("block-interval").count).toBe(40);
    // A gap in heights (a reorg, a restart) gives no interval.
    r.detector.observeBlock(height + 5n, ts + 60_000);
    expect(r.detector.baseline("block-interval").count).toBe(40);
    r.detector.observeBlockInterval(20_000);
    r.detector.observeBlockInterval(5_050);
    r.detector.observeBlockInterval(500);
    expect(r.seen.map((a) => [a.kind, a.subject, Math.sign(a.zScore)])).toEqual([
      ["block-interval", null, 1],
      ["block-interval", null, -1],
    ]);
    // The floor: 10 % of the mean, so a skipped 5 s slot (10 s) is z = 10 even on a perfectly steady chain.
    const steady = rig({ warmup: 30 });
    for (let i = 0; i < 30; i++) steady.detector.observeBlockInterval(5_000);
    expect(steady.detector.zScore("block-interval", 10_000)).toBeCloseTo(10, 9);
  });

  it("keeps notifying when a listener throws, and stops after unsubscribing", () => {
    const r = rig({ warmup: 30 });
    const steady = () => {
      for (let i = 0; i < 30; i++) r.detector.observeBlockInterval(5_000);
    };
    steady();
    const extra: Anomaly[] = [];
    const off = r.detector.onAnomaly(() => {
      throw new Error("listener bug");
    });
    const offExtra = r.detector.onAnomaly((a) => extra.push(a));
    r.detector.observeBlockInterval(60_000);
    expect(r.seen).toHaveLength(1);
    expect(extra).toHaveLength(1);
    expect(r.logger.at("error").length).toBe(1);
    off();
    offExtra();
    r.detector.observeBlockInterval(60_000);
    expect(r.seen).toHaveLength(2);
    expect(extra).toHaveLength(1);
  });

  it("refuses unusable arguments with a coded error", () => {
    const r = rig();
    expect(() => r.detector.observeMessage("", true)).toThrow(
      expect.objectContaining({ code: "METRICS_BAD_INPUT" }),
    );
    expect(() => r.detector.observeMessage("p", "yes" as unknown as boolean)).toThrow(
      expect.objectContaining({
        code: "METRICS_BAD_INPUT",
        payload: { argument: "valid", actual: "a string of 3 characters" },
      }),
    );
    expect(() => r.detector.observeConnection("x".repeat(600))).toThrow(
      expect.objectContaining({ code: "METRICS_BAD_INPUT" }),
    );
    expect(() => r.detector.observeBlockInterval(Number.NaN)).toThrow(
      expect.objectContaining({ code: "METRICS_BAD_INPUT" }),
    );
    expect(() => new AnomalyDetector({ threshold: -1 }, { clock: r.clock, logger: r.logger })).toThrow(
      expect.objectContaining({
        code: "METRICS_BAD_OPTIONS",
        payload: { option: "threshold", actual: "-1" },
      }),
    );
  });

  it("bounds the peers it tracks", () => {
    const r = rig({ maxSubjects: 3 });
    for (const p of ["a", "b", "c", "d"]) r.detector.observeMessage(p, true);
    r.clock.advance(WINDOW);
    // "a" was dropped without its window closing: three samples, not four.
    r.detector.sweep();
    expect(r.detector.baseline("message-rate").count).toBe(3);
  });

  it("keeps its baseline across a restart through save and load", async () => {
    const dir = await tempDir();
    const path = join(dir, "anomaly-baseline.json");
    const first = rig({ warmup: 30 });
    normalTraffic(first, new SeededRng(4), 10, 4);
    for (let i = 0; i < 30; i++) first.detector.observeBlockInterval(5_000 + i);
    await first.detector.save(path);
    // Written by rename: no temp file is left beside it.
    expect(await readdir(dir)).toEqual(["anomaly-baseline.json"]);
    const saved = JSON.parse(await readFile(path, "utf8"));
    expect(saved).toMatchObject({ format: "timecoin-anomaly-baseline", version: 1, windowMs: WINDOW });

    const second = rig({ warmup: 30 });
    expect(await second.detector.load(path)).toEqual({ loaded: true });
    for (const kind of ["message-rate", "invalid-rate", "connection-rate", "block-interval"] as const) {
      expect(second.detector.baseline(kind)).toEqual(first.detector.baseline(kind));
    }
    // No new warm-up: the first flood after the restart is flagged.
    for (let i = 0; i < 200; i++) second.detector.observeMessage("flooder", true);
    expect(second.seen.map((a) => a.subject)).toEqual(["flooder"]);

    // Saving again replaces the file whole.
    await second.detector.save(path);
    expect(await readdir(dir)).toEqual(["anomaly-baseline.json"]);
  });

  it("ignores a missing, corrupt, foreign or oversized baseline with a warning, and never throws", async () => {
    const dir = await tempDir();
    const r = rig({ warmup: 30 });
    for (let i = 0; i < 30; i++) r.detector.observeBlockInterval(5_000);
    const before = r.detector.baseline("block-interval");
    const load = async (name: string, content?: string) => {
      const path = join(dir, name);
      if (content !== undefined) await writeFile(path, content);
      return r.detector.load(path);
    };
    expect(await load("absent.json")).toMatchObject({ loaded: false, reason: "missing" });
    expect(r.logger.at("warn")).toHaveLength(0);

    expect(await load("garbage.json", '{"format": "timecoin-anomaly-base')).toMatchObject({
      loaded: false,
      reason: "corrupt",
    });
    const good = JSON.parse(
      JSON.stringify({
        format: "timecoin-anomaly-baseline",
        version: 1,
        savedAt: 1,
        windowMs: WINDOW,
        baselines: {
          "connection-rate": { count: 1, mean: 1, variance: 0 },
          "message-rate": { count: 1, mean: 1, variance: 0 },
          "invalid-rate": { count: 1, mean: 1, variance: 0 },
          "block-interval": { count: 1, mean: 1, variance: -4 },
        },
      }),
    );
    expect(await load("negative.json", JSON.stringify(good))).toMatchObject({
      loaded: false,
      reason: "corrupt",
    });
    expect(await load("foreign.json", JSON.stringify({ wallet: "not a baseline" }))).toMatchObject({
      loaded: false,
      reason: "foreign",
    });
    expect(await load("null.json", "null")).toMatchObject({ loaded: false, reason: "foreign" });
    good.baselines["block-interval"].variance = 4;
    good.windowMs = 60_000;
    expect(await load("other-window.json", JSON.stringify(good))).toMatchObject({
      loaded: false,
      reason: "foreign",
    });
    expect(await load("huge.json", " ".repeat(100_000))).toMatchObject({ loaded: false, reason: "foreign" });
    expect(await r.detector.load(dir)).toMatchObject({ loaded: false, reason: "unreadable" });
    expect(await r.detector.load("/dev/zero")).toMatchObject({ loaded: false, reason: "unreadable" });
    expect(r.logger.at("warn")).toHaveLength(8);
    expect(r.logger.at("warn")[0]?.msg).toContain("starting from a fresh baseline");
    // Nothing of it was taken.
    expect(r.detector.baseline("block-interval")).toEqual(before);
  });

  it("reports a baseline it cannot write, leaving no temp file", async () => {
    const dir = await tempDir();
    const r = rig();
    const path = join(dir, "missing-dir", "baseline.json");
    await expect(r.detector.save(path)).rejects.toMatchObject({
      code: "METRICS_BASELINE_WRITE_FAILED",
      payload: { path },
    });
    expect(await readdir(dir)).toEqual([]);
  });
});
