// BanList on a manual clock with a real file in a temp dir: bans expire, a repeat within a day doubles
// (capped at a week), unban lifts a ban but keeps the backoff, the list survives a restart, and a corrupt or
// foreign file is ignored (and rewritten by the next ban), never fatal.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { memoryLogger, silentLogger } from "../util/index.js";
import { BanList } from "./bans.js";

const DAY = 86_400_000;

function manualClock(start = 1_700_000_000_000) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "p2p-bans-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("BanList", () => {
  it("bans until the duration has passed, and lists only live bans", () => {
    const clock = manualClock();
    const bans = new BanList(clock, null, silentLogger);
    bans.ban("10.0.0.1", 1_000, "operator");
    bans.ban("12D3KooWpeer", 5_000, "score");
    expect(bans.isBanned("10.0.0.1")).toBe(true);
    expect(bans.isBanned("10.0.0.2")).toBe(false);
    expect(bans.list()).toEqual([
      { target: "10.0.0.1", until: clock.now() + 1_000, reason: "operator" },
      { target: "12D3KooWpeer", until: clock.now() + 5_000, reason: "score" },
    ]);
    clock.advance(999);
    expect(bans.isBanned("10.0.0.1")).toBe(true);
    clock.advance(1);
    expect(bans.isBanned("10.0.0.1")).toBe(false);
    expect(bans.list().map((b) => b.target)).toEqual(["12D3KooWpeer"]);
    expect(bans.count).toBe(2);
  });

  it("doubles a repeat ban within a day, up to a week, and starts over after a quiet day", () => {
    const clock = manualClock();
    const bans = new BanList(clock, null, silentLogger);
    expect(bans.ban("p", 60_000, "a", true)).toBe(60_000);
    clock.advance(120_000);
    expect(bans.isBanned("p")).toBe(false);
    expect(bans.ban("p", 60_000, "b", true)).toBe(120_000);
    expect(bans.ban("p", 60_000, "c", true)).toBe(240_000);
    expect(bans.list()).toEqual([{ target: "p", until: clock.now() + 240_000, reason: "c" }]);
    let ms = 0;
    for (let i = 0; i < 20; i++) ms = bans.ban("p", 60_000, "again", true);
    expect(ms).toBe(7 * DAY);
    clock.advance(7 * DAY + DAY);
    expect(bans.ban("p", 60_000, "fresh", true)).toBe(60_000);
  });

  it("does not double an operator ban (no backoff asked)", () => {
    const clock = manualClock();
    const bans = new BanList(clock, null, silentLogger);
    expect(bans.ban("p", 60_000, "a")).toBe(60_000);
    expect(bans.ban("p", 60_000, "a")).toBe(60_000);
  });

  it("lifts a ban on unban but keeps the backoff for the next one", () => {
    const clock = manualClock();
    const bans = new BanList(clock, null, silentLogger);
    bans.ban("p", 60_000, "a", true);
    expect(bans.unban("p")).toBe(true);
    expect(bans.isBanned("p")).toBe(false);
    expect(bans.list()).toEqual([]);
    expect(bans.unban("p")).toBe(false);
    expect(bans.unban("never-banned")).toBe(false);
    expect(bans.ban("p", 60_000, "b", true)).toBe(120_000);
  });

  it("forgets everything on clear", () => {
    const clock = manualClock();
    const bans = new BanList(clock, null, silentLogger);
    bans.ban("p", 60_000, "a", true);
    bans.clear();
    expect(bans.isBanned("p")).toBe(false);
    expect(bans.ban("p", 60_000, "b", true)).toBe(60_000);
  });

  it("survives a restart through bans.json, backoff memory included", async () => {
    const clock = manualClock();
    const file = join(dir, "bans.json");
    const first = new BanList(clock, file, silentLogger);
    first.ban("10.0.0.1", 60_000, "operator");
    first.ban("p", 60_000, "score", true);
    first.ban("q", 1_000, "short", true);
    first.unban("q");
    await first.flush();
    clock.advance(10_000);

    const second = new BanList(clock, file, silentLogger);
    await second.load();
    expect(second.list()).toEqual(first.list());
    expect(second.list().map((b) => b.target)).toEqual(["10.0.0.1", "p"]);
    expect(second.isBanned("q")).toBe(false);
    // q was unbanned, but its backoff is remembered across the restart.
    expect(second.ban("q", 1_000, "again", true)).toBe(2_000);
    await second.flush();
  });

  it("starts empty without a file", async () => {
    const bans = new BanList(manualClock(), join(dir, "missing", "bans.json"), silentLogger);
    await bans.load();
    expect(bans.list()).toEqual([]);
  });

  it.each([
    ["not JSON", "{ this is not json"],
    ["another format", JSON.stringify({ format: 2, bans: [] })],
    ["no list", JSON.stringify({ format: 1, bans: "x" })],
    [
      "a malformed entry",
      JSON.stringify({
        format: 1,
        bans: [
          { target: "good", until: 9e15, reason: "r", lastMs: 1, lastAt: 1 },
          { target: "bad", until: "soon", reason: "r", lastMs: 1, lastAt: 1 },
        ],
      }),
    ],
    ["null", "null"],
  ])("ignores a file with %s and rewrites it on the next ban", async (_what, text) => {
    const clock = manualClock();
    const file = join(dir, "bans.json");
    await writeFile(file, text);
    const logger = memoryLogger();
    const bans = new BanList(clock, file, logger);
    await bans.load();
    expect(bans.list()).toEqual([]);
    expect(logger.entries.some((e) => e.level === "warn")).toBe(true);
    bans.ban("p", 60_000, "fresh");
    await bans.flush();
    const saved = JSON.parse(await readFile(file, "utf8")) as { format: number; bans: { target: string }[] };
    expect(saved.format).toBe(1);
    expect(saved.bans.map((b) => b.target)).toEqual(["p"]);
  });

  it("logs, and does not throw, when the file cannot be written", async () => {
    const logger = memoryLogger();
    const bans = new BanList(manualClock(), join(dir, "no-such-dir", "bans.json"), logger);
    bans.ban("p", 60_000, "a");
    await bans.flush();
    expect(bans.isBanned("p")).toBe(true);
    expect(logger.entries.some((e) => e.level === "warn")).toBe(true);
  });
});
