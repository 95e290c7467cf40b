import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseCrash, parsePartition, parseSimArgs } from "./args.js";
import { SimError } from "./errors.js";

function argError(argv: string[]): SimError {
  try {
    parseSimArgs(argv);
  } catch (error) {
    if (error instanceof SimError) return error;
    throw error;
  }
  throw new Error(`expected ${argv.join(" ")} to be refused`);
}

describe("parseSimArgs", () => {
  it("reads every documented flag", () => {
    const { options, timing } = parseSimArgs([
      "--nodes",
      "5",
      "--byzantine",
      "20%",
      "--adversary=equivocate",
      "--txs",
      "30",
      "--double-spends",
      "4",
      "--seed",
      "77",
      "--latency-ms",
      "25",
      "--jitter-ms",
      "5",
      "--loss",
      "0.01",
      "--partition",
      "2/3@1000-5000",
      "--crash",
      "1@200-900",
      "--duration-ms",
      "8000",
      "--k",
      "4",
      "--alpha",
      "3",
      "--beta",
      "5",
      "--crypto",
      "real",
      "--timing",
    ]);
    expect(timing).toBe(true);
    expect(options).toMatchObject({
      nodes: 5,
      byzantine: 0.2,
      adversary: "equivocate",
      txs: 30,
      doubleSpends: 4,
      seed: 77,
      latencyMs: 25,
      jitterMs: 5,
      loss: 0.01,
      partitions: [{ a: [0, 1], b: [2, 3, 4], startMs: 1000, endMs: 5000 }],
      crashes: [{ node: 1, atMs: 200, restartMs: 900 }],
      durationMs: 8000,
      snowball: { k: 4, alpha: 3, beta: 5 },
      crypto: "real",
    });
  });

  it("reads the workload, adversary, TCP-model and CPU flags of issue 7", () => {
    const { options } = parseSimArgs([
      "--adversary",
      "double-spender",
      "--multi-input",
      "25%",
      "--overlaps",
      "6",
      "--retransmit",
      "2%",
      "--retransmit-delay-ms",
      "250",
      "--reset-rate",
      "0.001",
      "--reconnect-ms",
      "800",
      "--cpu",
      "free",
    ]);
    expect(options).toMatchObject({
      adversary: "double-spender",
      multiInput: 0.25,
      overlaps: 6,
      retransmitRate: 0.02,
      retransmitDelayMs: 250,
      resetRate: 0.001,
      reconnectMs: 800,
      cpuCosts: { signatureVerifyMs: 0, vrfVerifyMs: 0 },
    });
    for (const kind of ["adaptive", "late"]) {
      expect(parseSimArgs(["--adversary", kind]).options.adversary).toBe(kind);
    }
    expect(parseSimArgs([]).options.cpuCosts.vrfVerifyMs).toBeGreaterThan(1);
  });

  it("parses partitions as counts, ranges or lists", () => {
    expect(parsePartition("2/3@0-10", 5)).toEqual({ a: [0, 1], b: [2, 3, 4], startMs: 0, endMs: 10 });
    expect(parsePartition("0-1/3-4@5-6", 5)).toEqual({ a: [0, 1], b: [3, 4], startMs: 5, endMs: 6 });
    expect(parsePartition("0,2/1,3@1-2", 4)).toEqual({ a: [0, 2], b: [1, 3], startMs: 1, endMs: 2 });
    expect(parseCrash("3@100")).toEqual({ node: 3, atMs: 100, restartMs: null });
  });

  it.each([
    [["--nodes", "five"], "not a non-negative integer"],
    [["--nodes"], "needs a value"],
    [["--frobnicate", "1"], "unknown argument"],
    [["--adversary", "sneaky"], "not one of silent, minority, equivocate, adaptive, double-spender, late"],
    [["--multi-input", "1.5"], "multiInput"],
    [["--retransmit", "2"], "retransmitRate"],
    [["--reset-rate", "x"], "not a number"],
    [["--cpu", "cheap"], "not measured or free"],
    [["--txs", "1000", "--overlaps", "300"], "at most"],
    [["--byzantine", "1.5"], "byzantine"],
    [["--nodes", "4", "--partition", "3/3@0-10"], "does not fit"],
    [["--partition", "2/3@10-5"], "heals"],
    [["--partition", "2-3"], "not A/B@t0-t1"],
    [["--crash", "x@1"], "not NODE@t0"],
    [["--nodes", "3", "--crash", "7@1"], "crash node"],
    [["--k", "20", "--alpha", "10"], "snowball"],
    [["--seed", "1", "--seed", "2"], "given twice"],
    [["--txs", "5000"], "at most"],
  ])("refuses %j with a one-line message", (argv, fragment) => {
    const error = argError(argv);
    expect(error.code).toBe("SIM_BAD_ARGUMENT");
    expect(error.message).toContain(fragment);
    expect(error.message).not.toContain("\n");
  });
});

describe("sim CLI", () => {
  const cli = fileURLToPath(new URL("./cli.ts", import.meta.url));
  const run = (args: string[]) =>
    spawnSync(process.execPath, ["--import", "tsx", cli, ...args], { encoding: "utf8", timeout: 60_000 });

  it("prints one JSON object with the documented fields", () => {
    const out = run(["--nodes", "4", "--txs", "3", "--double-spends", "1", "--seed", "3"]);
    expect(out.status).toBe(0);
    const lines = out.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    const result = JSON.parse(lines[0] as string);
    for (const key of [
      "seed",
      "nodes",
      "finalized",
      "rejected",
      "honestDisagreements",
      "conflictingFinal",
      "finalityRoundsP50",
      "finalityRoundsP99",
      "finalityMsP50",
      "finalityMsP99",
      "pairs",
      "decidedBySnowball",
      "decidedByBlock",
      "undecidedPairs",
      "blockShare",
      "outpointDisagreements",
      "blocks",
      "forks",
      "messages",
      "messagesPerFinalTx",
      "virtualMs",
    ]) {
      expect(result).toHaveProperty(key);
    }
    expect(result).toMatchObject({ seed: 3, nodes: 4, finalized: 4, rejected: 1, forks: 0 });
    expect(result).not.toHaveProperty("cpuMs");
  });

  it("exits 2 with one line on stderr for bad input", () => {
    const out = run(["--nodes", "-3"]);
    expect(out.status).toBe(2);
    expect(out.stdout).toBe("");
    expect(out.stderr.trim().split("\n")).toHaveLength(1);
    expect(out.stderr).toMatch(/^sim: /);
  });
});
