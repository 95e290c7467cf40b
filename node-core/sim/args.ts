// Command-line arguments of `npm run sim` parsed into SimOptions, strictly: unknown flags, missing values,
// malformed numbers and out-of-range values are SimError("SIM_BAD_ARGUMENT") with a one-line message (the
// CLI prints it and exits 2). Options are then validated by resolveSimOptions like any caller's.
import { DEFAULT_CPU_COSTS, FREE_CPU } from "./cpu.js";
import { SimError } from "./errors.js";
import {
  ADVERSARY_KINDS,
  type AdversaryKind,
  type CrashSpec,
  type PartitionSpec,
  resolveSimOptions,
  type SimOptions,
} from "./options.js";

export const SIM_USAGE = `usage: npm run sim -- --nodes N --byzantine F --adversary KIND
       --txs T --double-spends D --seed S [--multi-input F] [--overlaps G]
       [--latency-ms L] [--jitter-ms J] [--loss P] [--retransmit P] [--retransmit-delay-ms D]
       [--reset-rate P] [--reconnect-ms R] [--cpu measured|free]
       [--partition A/B@t0-t1]... [--crash NODE@t0[-t1]]... [--duration-ms D] [--max-duration-ms D]
       [--block-interval-ms B] [--spread-ms S] [--min-blocks M] [--k K] [--alpha A] [--beta B]
       [--crypto fast|real] [--roster all|active] [--timing]
  KIND: silent|minority|equivocate|adaptive|double-spender|late. --multi-input: share of the T honest
  transactions spending two inputs (0.1 or 10%). --overlaps: groups of overlapping multi-input conflicts
  (T{X,Y} vs U{Y} then W{X}; A{X,Y} vs B{Y,Z} vs C{Z}).
  --loss: raw loss (a message vanishes); TCP-like loss is --retransmit (a message arrives D ms late, 200 by
  default, holding back the link) and --reset-rate (a send resets the connection: what is in flight is
  dropped, and the link reconnects after R ms, 1000 by default). --cpu: charge each node's virtual time
  the measured cost of its crypto operations (measured, default) or nothing (free).
  F: fraction of voting weight (0.2 or 20%). A/B: node counts (2/3 = nodes 0-1 | nodes 2-4) or inclusive id
  ranges/lists (0-1/2-4, 0,3/1,2). Times are virtual milliseconds. --timing adds cpuMs (not reproducible).
  --roster: Snowball polls the whole voting set (all, default) or only validators whose heartbeats arrived
  (active: unsafe under partitions, kept to demonstrate it).`;

export interface ParsedArgs {
  readonly options: SimOptions;
  /** --timing: add the run's CPU time to the JSON (the only non-reproducible field). */
  readonly timing: boolean;
  readonly help: boolean;
}

function fail(message: string, field?: string, value?: string): never {
  throw new SimError("SIM_BAD_ARGUMENT", message, { field, value });
}

function parseNumber(flag: string, text: string): number {
  if (!/^-?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i.test(text))
    fail(`${flag}: "${text}" is not a number`, flag, text);
  return Number(text);
}

function parseInteger(flag: string, text: string): number {
  if (!/^\d+$/.test(text)) fail(`${flag}: "${text}" is not a non-negative integer`, flag, text);
  const n = Number(text);
  if (!Number.isSafeInteger(n)) fail(`${flag}: ${text} is too large`, flag, text);
  return n;
}

function parseFraction(flag: string, text: string): number {
  if (text.endsWith("%")) return parseNumber(flag, text.slice(0, -1)) / 100;
  return parseNumber(flag, text);
}

/** One side of a partition: a count (taken after `offset`) or an inclusive range / comma list of ids. */
function parseSide(text: string, offset: number, nodes: number): number[] {
  if (/^\d+$/.test(text)) {
    const count = Number(text);
    if (count < 1 || offset + count > nodes) {
      fail(
        `--partition: side of ${count} nodes does not fit after node ${offset} of ${nodes}`,
        "partition",
        text,
      );
    }
    return Array.from({ length: count }, (_, i) => offset + i);
  }
  const ids: number[] = [];
  for (const part of text.split(",")) {
    const range = /^(\d+)-(\d+)$/.exec(part);
    if (range) {
      const lo = Number(range[1]);
      const hi = Number(range[2]);
      if (hi < lo) fail(`--partition: range ${part} is backwards`, "partition", text);
      for (let i = lo; i <= hi; i++) ids.push(i);
    } else if (/^\d+$/.test(part)) ids.push(Number(part));
    else fail(`--partition: "${text}" is not a node count, id range or id list`, "partition", text);
  }
  return ids;
}

/** "A/B@t0-t1" (see SIM_USAGE). */
export function parsePartition(text: string, nodes: number): PartitionSpec {
  const m = /^([^/@]+)\/([^/@]+)@(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$/.exec(text);
  if (!m) fail(`--partition: "${text}" is not A/B@t0-t1`, "partition", text);
  const [, aText, bText, t0, t1] = m as unknown as [string, string, string, string, string];
  const a = parseSide(aText, 0, nodes);
  const b = parseSide(bText, /^\d+$/.test(aText) ? a.length : 0, nodes);
  const startMs = Number(t0);
  const endMs = Number(t1);
  if (endMs < startMs)
    fail(`--partition: it heals (${endMs}) before it starts (${startMs})`, "partition", text);
  return { a, b, startMs, endMs };
}

/** "NODE@t0" (never restarts) or "NODE@t0-t1". */
export function parseCrash(text: string): CrashSpec {
  const m = /^(\d+)@(\d+(?:\.\d+)?)(?:-(\d+(?:\.\d+)?))?$/.exec(text);
  if (!m) fail(`--crash: "${text}" is not NODE@t0 or NODE@t0-t1`, "crash", text);
  return { node: Number(m[1]), atMs: Number(m[2]), restartMs: m[3] === undefined ? null : Number(m[3]) };
}

const VALUE_FLAGS = new Set([
  "--nodes",
  "--byzantine",
  "--adversary",
  "--txs",
  "--double-spends",
  "--multi-input",
  "--overlaps",
  "--seed",
  "--latency-ms",
  "--jitter-ms",
  "--loss",
  "--retransmit",
  "--retransmit-delay-ms",
  "--reset-rate",
  "--reconnect-ms",
  "--cpu",
  "--partition",
  "--crash",
  "--duration-ms",
  "--max-duration-ms",
  "--spread-ms",
  "--block-interval-ms",
  "--min-blocks",
  "--k",
  "--alpha",
  "--beta",
  "--crypto",
  "--roster",
]);

export function parseSimArgs(argv: readonly string[]): ParsedArgs {
  const values = new Map<string, string[]>();
  let timing = false;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--timing") {
      timing = true;
      continue;
    }
    if (arg === "--help" || arg === "-h") {
      help = true;
      continue;
    }
    const eq = arg.indexOf("=");
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (!VALUE_FLAGS.has(flag)) fail(`unknown argument "${arg}" (see --help)`, "argument", arg);
    let value: string | undefined;
    if (eq > 0) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      i++;
    }
    if (value === undefined || value === "") fail(`${flag} needs a value`, flag);
    const list = values.get(flag) ?? [];
    if (list.length > 0 && flag !== "--partition" && flag !== "--crash")
      fail(`${flag} given twice`, flag, value);
    list.push(value);
    values.set(flag, list);
  }
  const one = (flag: string): string | undefined => values.get(flag)?.[0];
  const partial: { -readonly [K in keyof SimOptions]?: SimOptions[K] } = {};
  const nodesText = one("--nodes");
  if (nodesText !== undefined) partial.nodes = parseInteger("--nodes", nodesText);
  const nodes = partial.nodes ?? resolveSimOptions({}).nodes;
  const byz = one("--byzantine");
  if (byz !== undefined) partial.byzantine = parseFraction("--byzantine", byz);
  const adversary = one("--adversary");
  if (adversary !== undefined) {
    if (!(ADVERSARY_KINDS as readonly string[]).includes(adversary)) {
      fail(
        `--adversary: "${adversary}" is not one of ${ADVERSARY_KINDS.join(", ")}`,
        "--adversary",
        adversary,
      );
    }
    partial.adversary = adversary as AdversaryKind;
  }
  const ints: [string, "txs" | "doubleSpends" | "overlaps" | "seed" | "blockIntervalMs" | "minBlocks"][] = [
    ["--txs", "txs"],
    ["--double-spends", "doubleSpends"],
    ["--overlaps", "overlaps"],
    ["--seed", "seed"],
    ["--block-interval-ms", "blockIntervalMs"],
    ["--min-blocks", "minBlocks"],
  ];
  for (const [flag, key] of ints) {
    const text = one(flag);
    if (text !== undefined) partial[key] = parseInteger(flag, text);
  }
  const multi = one("--multi-input");
  if (multi !== undefined) partial.multiInput = parseFraction("--multi-input", multi);
  const fractions: [string, "retransmitRate" | "resetRate"][] = [
    ["--retransmit", "retransmitRate"],
    ["--reset-rate", "resetRate"],
  ];
  for (const [flag, key] of fractions) {
    const text = one(flag);
    if (text !== undefined) partial[key] = parseFraction(flag, text);
  }
  const cpu = one("--cpu");
  if (cpu !== undefined) {
    if (cpu !== "measured" && cpu !== "free") fail(`--cpu: "${cpu}" is not measured or free`, "--cpu", cpu);
    partial.cpuCosts = cpu === "free" ? FREE_CPU : DEFAULT_CPU_COSTS;
  }
  const nums: [
    string,
    (
      | "latencyMs"
      | "jitterMs"
      | "loss"
      | "durationMs"
      | "maxDurationMs"
      | "spreadMs"
      | "retransmitDelayMs"
      | "reconnectMs"
    ),
  ][] = [
    ["--retransmit-delay-ms", "retransmitDelayMs"],
    ["--reconnect-ms", "reconnectMs"],
    ["--spread-ms", "spreadMs"],
    ["--latency-ms", "latencyMs"],
    ["--jitter-ms", "jitterMs"],
    ["--loss", "loss"],
    ["--duration-ms", "durationMs"],
    ["--max-duration-ms", "maxDurationMs"],
  ];
  for (const [flag, key] of nums) {
    const text = one(flag);
    if (text !== undefined)
      partial[key] = flag === "--loss" ? parseFraction(flag, text) : parseNumber(flag, text);
  }
  const partitions = values.get("--partition");
  if (partitions) partial.partitions = partitions.map((p) => parsePartition(p, nodes));
  const crashes = values.get("--crash");
  if (crashes) partial.crashes = crashes.map(parseCrash);
  const crypto = one("--crypto");
  if (crypto !== undefined) {
    if (crypto !== "fast" && crypto !== "real")
      fail(`--crypto: "${crypto}" is not fast or real`, "--crypto", crypto);
    partial.crypto = crypto;
  }
  const roster = one("--roster");
  if (roster !== undefined) {
    if (roster !== "all" && roster !== "active")
      fail(`--roster: "${roster}" is not all or active`, "--roster", roster);
    partial.snowballRoster = roster === "all" ? "voting-set" : "heartbeat-active";
  }
  const snowball: Record<string, number> = {};
  for (const name of ["k", "alpha", "beta"] as const) {
    const text = one(`--${name}`);
    if (text !== undefined) snowball[name] = parseInteger(`--${name}`, text);
  }
  if (Object.keys(snowball).length > 0) partial.snowball = snowball;
  let options: SimOptions;
  try {
    options = resolveSimOptions(partial);
  } catch (error) {
    if (error instanceof SimError) fail(error.message, error.details.field, error.details.value);
    throw error;
  }
  return { options, timing, help };
}
