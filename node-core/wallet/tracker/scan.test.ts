// Resumable scans on a real chain with the file checkpoint store in a temp dir: a scan cancelled part way,
// or failing on a store error, resumes after a "restart" (new account, tracker and store on the same file)
// from its checkpoint, says so, and ends with exactly what an uninterrupted scan finds; a completed
// checkpoint only catches up; checkpoints of another account, birthday or branch, or damaged ones, are set
// aside with the reason. The checkpoint file holds no key material.
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ChainView } from "../../db/index.js";
import { mnemonicToSeed } from "../../keys/index.js";
import { toHex } from "../../types/index.js";
import { silentLogger } from "../../util/index.js";
import { HdAccount } from "../accounts/index.js";
import { CHECKPOINT_VERSION, decodeCheckpoint, encodeCheckpoint } from "./checkpoint.js";
import { FileScanCheckpointStore } from "./checkpoint-file.js";
import { TEST_MNEMONIC, TIME, WalletChain } from "./test-support.js";
import { WalletTracker } from "./tracker.js";

let dir: string;
let f: WalletChain;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "time-wallet-scan-"));
  f = await WalletChain.open("memory", "wallet-scan");
});
afterEach(async () => {
  await f.close();
  await rm(dir, { recursive: true, force: true });
});

function trackerOn(view: ChainView, mnemonic = TEST_MNEMONIC): WalletTracker {
  const account = HdAccount.fromMnemonic(mnemonic, "", { network: f.params });
  return new WalletTracker({}, { account, view, clock: { now: () => 0 }, logger: silentLogger });
}

/** 30 blocks paying receive and change addresses, one of them (index 40) before the window reaches it. */
async function buildHistory(): Promise<void> {
  const names = HdAccount.fromMnemonic(TEST_MNEMONIC, "", { network: f.params });
  const at = (chain: "receive" | "change", i: number) => names.address(chain, i).payload;
  for (let h = 1; h <= 30; h++) {
    if (h === 3) await f.mine([f.payTo([at("receive", 40)], 4n * TIME)]);
    else if (h === 9) await f.mine([f.payTo([at("receive", 21)], 2n * TIME)]);
    else if (h % 5 === 0) await f.mine([f.payTo([at("receive", h), at("change", h / 5)], BigInt(h) * TIME)]);
    else await f.mine();
  }
}

function summary(tracker: WalletTracker) {
  return { coins: tracker.coins(), transactions: tracker.transactions(), balance: tracker.balance() };
}

async function reference() {
  const tracker = trackerOn(f.backend);
  const result = await tracker.rescan({ birthday: 0n, store: null });
  return { result, ...summary(tracker) };
}

/** A ChainView whose getBlockByHeight fails once at `height` (a store error part way through). */
function failingAt(view: ChainView, height: bigint): ChainView {
  let failed = false;
  return new Proxy(view, {
    get(target, name, receiver) {
      if (name === "getBlockByHeight") {
        return async (h: bigint) => {
          if (h === height && !failed) {
            failed = true;
            throw new Error("store read failed");
          }
          return target.getBlockByHeight(h);
        };
      }
      const value = Reflect.get(target, name, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

describe("resumable scan", () => {
  it("a cancelled scan resumes after a restart and ends as an uninterrupted one", async () => {
    await buildHistory();
    const expected = await reference();
    // Pass 1 misses index 40 (paid at height 3), pass 2 finds it and widens the window, pass 3 confirms.
    expect(expected.result.passes).toBe(3);
    const path = join(dir, "main.scan.json");

    const abort = new AbortController();
    const first = trackerOn(f.backend);
    first.events.on("wallet:scanProgress", (p) => {
      if (p.height === 13n) abort.abort();
    });
    const cancelled = await first.rescan({
      birthday: 0n,
      store: new FileScanCheckpointStore(path),
      checkpointEvery: 4,
      progressEvery: 1,
      signal: abort.signal,
    });
    expect(cancelled.status).toBe("cancelled");
    expect(cancelled.height).toBe(13n);

    // Restart: everything new but the file.
    const second = trackerOn(f.backend);
    const progress: bigint[] = [];
    second.events.on("wallet:scanProgress", (p) => {
      progress.push(p.resumedFrom ?? -1n);
    });
    const resumed = await second.rescan({
      birthday: 0n,
      store: new FileScanCheckpointStore(path),
      checkpointEvery: 4,
    });
    expect(resumed).toMatchObject({ status: "complete", resumedFrom: 14n, discarded: null, passes: 3 });
    expect(progress.every((r) => r === 14n)).toBe(true);
    expect(summary(second)).toEqual({
      coins: expected.coins,
      transactions: expected.transactions,
      balance: expected.balance,
    });
  });

  it("a scan that fails on a store error resumes from its last periodic checkpoint", async () => {
    await buildHistory();
    const expected = await reference();
    const path = join(dir, "main.scan.json");
    const broken = trackerOn(failingAt(f.backend, 17n));
    await expect(
      broken.rescan({ birthday: 0n, store: new FileScanCheckpointStore(path), checkpointEvery: 4 }),
    ).rejects.toThrow("store read failed");
    const again = trackerOn(f.backend);
    const resumed = await again.rescan({
      birthday: 0n,
      store: new FileScanCheckpointStore(path),
      checkpointEvery: 4,
    });
    expect(resumed.resumedFrom).toBe(16n);
    expect(summary(again)).toEqual({
      coins: expected.coins,
      transactions: expected.transactions,
      balance: expected.balance,
    });
  });

  it("a completed checkpoint lets the next start only catch up with new blocks", async () => {
    await buildHistory();
    const path = join(dir, "main.scan.json");
    await trackerOn(f.backend).rescan({ birthday: 0n, store: new FileScanCheckpointStore(path) });
    const names = HdAccount.fromMnemonic(TEST_MNEMONIC, "", { network: f.params });
    await f.mine([f.payTo([names.address("receive", 30).payload], 6n * TIME)]);
    await f.mine();
    const expected = await reference();
    const next = trackerOn(f.backend);
    const result = await next.rescan({ birthday: 0n, store: new FileScanCheckpointStore(path) });
    expect(result).toMatchObject({ status: "complete", resumedFrom: 31n, height: 32n });
    expect(summary(next)).toEqual({
      coins: expected.coins,
      transactions: expected.transactions,
      balance: expected.balance,
    });
  });

  it("sets aside checkpoints of another branch, another account or birthday, and damaged ones, saying why", async () => {
    await buildHistory();
    const path = join(dir, "main.scan.json");
    await trackerOn(f.backend).rescan({ birthday: 0n, store: new FileScanCheckpointStore(path) });
    const saved = await readFile(path, "utf8");

    const otherMnemonic = TEST_MNEMONIC.split(" ").reverse().join(" ");
    let other: WalletTracker;
    try {
      other = trackerOn(f.backend, otherMnemonic);
    } catch {
      // The reversed phrase may fail its checksum; any valid other phrase will do.
      other = trackerOn(
        f.backend,
        "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about",
      );
    }
    expect((await other.rescan({ birthday: 0n, store: new FileScanCheckpointStore(path) })).discarded).toBe(
      "other-account",
    );

    await writeFile(path, saved);
    expect(
      (await trackerOn(f.backend).rescan({ birthday: 1n, store: new FileScanCheckpointStore(path) }))
        .discarded,
    ).toBe("other-birthday");

    await writeFile(path, saved.slice(0, 40));
    const damaged = await trackerOn(f.backend).rescan({
      birthday: 0n,
      store: new FileScanCheckpointStore(path),
    });
    expect(damaged).toMatchObject({ discarded: "unreadable", resumedFrom: null, status: "complete" });

    // Written by the tracker before it took a block's outputs before its spends: never trusted.
    await writeFile(path, saved.replace('"version":2', '"version":1'));
    await expect(new FileScanCheckpointStore(path).load()).rejects.toMatchObject({
      code: "TRACKER_CHECKPOINT_UNREADABLE",
      payload: { reason: expect.stringContaining("version 1") },
    });
    const older = await trackerOn(f.backend).rescan({
      birthday: 0n,
      store: new FileScanCheckpointStore(path),
    });
    expect(older).toMatchObject({ discarded: "unreadable", resumedFrom: null, status: "complete" });

    await writeFile(path, saved);
    await f.rollback(2);
    await f.mine([f.payTo([new Uint8Array(20).fill(8)], TIME)]);
    await f.mine();
    const expected = await reference();
    const rebranched = trackerOn(f.backend);
    const result = await rebranched.rescan({ birthday: 0n, store: new FileScanCheckpointStore(path) });
    expect(result).toMatchObject({ discarded: "chain-changed", resumedFrom: null });
    expect(summary(rebranched)).toEqual({
      coins: expected.coins,
      transactions: expected.transactions,
      balance: expected.balance,
    });
  });

  it("the checkpoint file holds no key material and only its owner may read it", async () => {
    await buildHistory();
    const path = join(dir, "main.scan.json");
    const tracker = trackerOn(f.backend);
    await tracker.rescan({ birthday: 0n, store: new FileScanCheckpointStore(path) });
    const text = await readFile(path, "utf8");
    const seed = mnemonicToSeed(TEST_MNEMONIC);
    expect(text.includes(toHex(seed))).toBe(false);
    for (const word of new Set(TEST_MNEMONIC.split(" ")))
      expect(text).not.toMatch(new RegExp(`\\b${word}\\b`));
    for (const coin of tracker.coins()) {
      const key = tracker.account.signingKey(coin.address);
      expect(text.includes(toHex(key.seed))).toBe(false);
      key.seed.fill(0);
    }
    if (process.platform !== "win32") expect((await stat(path)).mode & 0o077).toBe(0);
    const decoded = decodeCheckpoint(text);
    expect(decoded.ok && decoded.checkpoint.complete).toBe(true);
  });
});

describe("checkpoint format", () => {
  it("round-trips and refuses malformed fields with the field named", async () => {
    await buildHistory();
    const store = new FileScanCheckpointStore(join(dir, "a.json"));
    await trackerOn(f.backend).rescan({ birthday: 0n, store });
    const checkpoint = await store.load();
    if (checkpoint === null) throw new Error("no checkpoint");
    expect(decodeCheckpoint(encodeCheckpoint(checkpoint))).toEqual({ ok: true, checkpoint });
    const json = JSON.parse(encodeCheckpoint(checkpoint));
    const bad = (patch: object) => decodeCheckpoint(JSON.stringify({ ...json, ...patch }));
    expect(bad({ nextHeight: "-1" })).toMatchObject({
      ok: false,
      reason: expect.stringContaining("nextHeight"),
    });
    expect(bad({ version: CHECKPOINT_VERSION + 1 })).toMatchObject({
      ok: false,
      reason: expect.stringContaining("version"),
    });
    expect(bad({ mnemonic: "x" })).toMatchObject({ ok: false });
    expect(bad({ fingerprint: "zz" })).toMatchObject({
      ok: false,
      reason: expect.stringContaining("fingerprint"),
    });
    expect(decodeCheckpoint("{")).toEqual({ ok: false, reason: "not JSON" });
    expect(await new FileScanCheckpointStore(join(dir, "missing.json")).load()).toBeNull();
    await store.clear();
    expect(await store.load()).toBeNull();
  });
});
