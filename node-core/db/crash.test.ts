// Crash consistency: a child process connects (and now and then disconnects) pre-generated blocks while this
// process SIGKILLs it at random moments. After every kill the store must reopen at a block boundary whose
// indexes and UTXO set equal the in-memory reference for that height; then the child resumes from there.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UtxoSetSummary } from "../kernel/utxo-set-summary.js";
import { DEVNET } from "../params/network.js";
import { addressTxEntryCount, encodeBlockList, SeededRng, TestChain } from "../testing/index.js";
import { toHex } from "../types/bytes.js";
import type { Hash32 } from "../types/chain.js";
import type { MasternodeRecord } from "../types/state.js";
import { ChainStore } from "./chain-store.js";

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = join(HERE, "..", "..");
const CHILD = join(HERE, "crash-child.ts");
const KILLS = process.env.TIME_FULL_TESTS === "1" ? 300 : 50;
const CHAIN_LENGTH = 120;

interface Reference {
  readonly hash: Hash32;
  readonly summary: UtxoSetSummary;
  readonly masternodes: MasternodeRecord[];
  /** Transactions in blocks 0..height. */
  readonly txCount: number;
  /** Address index transaction entries of blocks 0..height. */
  readonly addressTxCount: number;
}

let dir: string;
let blocksFile: string;
let chain: TestChain;
const reference: Reference[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "time-db-crash-"));
  blocksFile = join(dir, "blocks.bin");
  chain = new TestChain({ label: "crash", seed: 99, child: { maxTransactions: 4, masternodeOpChance: 0.3 } });
  let txCount = 0;
  let addressTxCount = 0;
  for (let h = 0; h <= CHAIN_LENGTH; h++) {
    if (h > 0) chain.extend();
    txCount += chain.tip.block.transactions.length;
    addressTxCount += addressTxEntryCount(chain.tip);
    reference.push({
      hash: chain.hashAt(h),
      summary: await chain.summary(),
      masternodes: chain.masternodes(),
      txCount,
      addressTxCount,
    });
  }
  await writeFile(blocksFile, encodeBlockList(chain.blocks));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface ChildRun {
  readonly child: ChildProcess;
  /** Resolves when the child has opened the store (false if it exited first). */
  readonly opened: Promise<boolean>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

function startChild(seed: number): ChildRun {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", CHILD, join(dir, "node"), blocksFile, String(seed)],
    {
      cwd: REPO_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>(
    (resolve) => {
      child.on("exit", (code, signal) => resolve({ code, signal, stderr }));
    },
  );
  const opened = new Promise<boolean>((resolve) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("\n")) resolve(true);
    });
    void exited.then(() => resolve(false));
  });
  return { child, opened, exited };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Opens the store the child left behind and checks it against the reference; returns the tip height. */
async function checkStore(): Promise<number> {
  const store = await ChainStore.open({
    dataDir: join(dir, "node"),
    params: DEVNET,
    genesisHash: reference[0]?.hash,
  });
  try {
    const { tip, summary } = await store.utxoSetSummaryAtTip();
    const stats = await store.stats();
    if (tip === null) {
      expect(store.getTip()).toBeNull();
      expect(summary.count).toBe(0);
      expect({ ...stats, meta: 0 }).toEqual({
        blocks: 0,
        heights: 0,
        utxos: 0,
        masternodes: 0,
        operators: 0,
        undo: 0,
        txindex: 0,
        addrutxos: 0,
        addrtxs: 0,
        meta: 0,
      });
      return -1;
    }
    const height = Number(tip.height);
    const ref = reference[height] as Reference;
    expect(toHex(tip.hash)).toBe(toHex(ref.hash));
    expect(store.getTip()).toEqual(tip);
    // Every block up to the tip is indexed at its height, nothing above it.
    for (let h = 0; h <= height; h++) {
      expect(toHex((await store.getHashAtHeight(BigInt(h))) as Uint8Array)).toBe(
        toHex((reference[h] as Reference).hash),
      );
    }
    expect(await store.getHashAtHeight(tip.height + 1n)).toBeNull();
    expect(await store.getBlockByHeight(tip.height)).toEqual(chain.blocks[height]);
    expect(summary).toEqual(ref.summary);
    expect(await store.listMasternodes()).toEqual(ref.masternodes);
    expect(stats).toEqual({
      blocks: height + 1,
      heights: height + 1,
      undo: height + 1,
      txindex: ref.txCount,
      utxos: ref.summary.count,
      masternodes: ref.masternodes.length,
      operators: ref.masternodes.length,
      addrutxos: ref.summary.count,
      addrtxs: ref.addressTxCount,
      meta: 4,
    });
    return height;
  } finally {
    await store.close();
  }
}

describe("ChainStore crash consistency", () => {
  it(`reopens at a consistent block boundary after ${KILLS} SIGKILLs`, async () => {
    const rng = new SeededRng(2024);
    const heights: number[] = [];
    for (let i = 0; i < KILLS; i++) {
      const run = startChild(rng.nextU32());
      if (rng.chance(0.15)) {
        // Sometimes kill during start-up or while LevelDB is recovering its log.
        await Promise.race([sleep(rng.range(300, 700)), run.exited]);
      } else {
        const opened = await Promise.race([run.opened, sleep(30_000).then(() => false)]);
        if (!opened) {
          run.child.kill("SIGKILL");
          const result = await run.exited;
          throw new Error(`child did not open the store: ${result.stderr}`);
        }
        await sleep(rng.range(0, 120));
      }
      run.child.kill("SIGKILL");
      const result = await run.exited;
      if (result.signal !== "SIGKILL")
        throw new Error(`child exited on its own (${result.code}): ${result.stderr}`);
      heights.push(await checkStore());
    }
    // The kills landed at many different heights, and the chain really advanced between them.
    expect(new Set(heights).size).toBeGreaterThanOrEqual(10);
    expect(Math.max(...heights)).toBeGreaterThan(20);
    expect(heights.length).toBe(KILLS);
  }, 180_000);
});
