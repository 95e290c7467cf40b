// The node host's daemon loop with scripted daemons (the real daemon's restart and wallet hand-over are
// covered by node-core's wallet-service test and the masternode e2e; this pins the loop's own promises):
// a "ready" per daemon, calls answered by whichever daemon runs, a call sent while the next one starts
// answered by it, the handed-over wallets passed on, a failed start reported and its hand-over locked.
import { describe, expect, it } from "vitest";
import { silentLogger } from "../../node-core/util/index.js";
import type { HandedOverWallet } from "../../node-core/wallet/index.js";
import type { HostToMainMessage } from "../contract.js";
import { type HostedDaemon, serveDaemons } from "./host-loop.js";

interface ScriptedDaemon extends HostedDaemon {
  /** Ends the daemon as if it stopped; `restart` as if the wallet asked to run its masternode. */
  end(code: number, restart: boolean, wallets?: readonly HandedOverWallet[]): void;
}

function scriptedDaemon(label: string): ScriptedDaemon {
  let resolveStopped: (code: number) => void = () => {};
  const stopped = new Promise<number>((resolve) => {
    resolveStopped = resolve;
  });
  const daemon = {
    api: {
      call: async (method: string) => ({ answeredBy: label, method }),
    } as unknown as HostedDaemon["api"],
    config: { network: "devnet" },
    runtime: { dataDir: `/data/${label}` },
    stopped,
    restartRequested: false,
    handedOverWallets: [] as readonly HandedOverWallet[],
    stop: async () => {
      daemon.end(0, false);
      return 0;
    },
    end(code: number, restart: boolean, wallets: readonly HandedOverWallet[] = []) {
      daemon.restartRequested = restart;
      daemon.handedOverWallets = wallets;
      resolveStopped(code);
    },
  };
  return daemon;
}

/** A handed-over wallet whose keystore records that it was locked. */
function handedOver(name: string, locks: string[]): HandedOverWallet {
  return {
    parts: { name },
    keystore: { lock: () => locks.push(name) },
    unlockMs: 60_000,
    remainingMs: 30_000,
  } as unknown as HandedOverWallet;
}

/** Waits until the host has sent `count` messages. */
async function sentCount(sent: HostToMainMessage[], count: number): Promise<void> {
  for (let i = 0; i < 200 && sent.length < count; i += 1) await new Promise((r) => setTimeout(r, 5));
  expect(sent.length).toBeGreaterThanOrEqual(count);
}

function harness(starts: Array<(wallets: readonly HandedOverWallet[] | null) => Promise<HostedDaemon>>) {
  const sent: HostToMainMessage[] = [];
  const received: Array<readonly HandedOverWallet[] | null> = [];
  const fatalErrors: unknown[] = [];
  let listener: (message: unknown) => void = () => {};
  const exit = serveDaemons({
    send: (message) => sent.push(message),
    onMessage: (l) => {
      listener = l;
    },
    start: (wallets) => {
      received.push(wallets);
      const next = starts.shift();
      if (next === undefined) throw new Error("no more daemons scripted");
      return next(wallets);
    },
    fatal: async (error) => {
      fatalErrors.push(error);
      return 3;
    },
    logger: silentLogger,
  });
  return { sent, received, fatalErrors, exit, post: (message: unknown) => listener(message) };
}

describe("serveDaemons", () => {
  it("restarts in-process with the handed-over wallets and loses no call made in the gap", async () => {
    const first = scriptedDaemon("first");
    const second = scriptedDaemon("second");
    let startSecond: (daemon: HostedDaemon) => void = () => {};
    const h = harness([
      async () => first,
      () =>
        new Promise<HostedDaemon>((resolve) => {
          startSecond = resolve;
        }),
    ]);
    await sentCount(h.sent, 1);
    expect(h.sent[0]).toEqual({ kind: "ready", network: "devnet", dataDir: "/data/first" });
    expect(h.received[0]).toBeNull();

    h.post({ kind: "call", id: 1, method: "getblockcount" });
    await sentCount(h.sent, 2);
    expect(h.sent[1]).toMatchObject({ kind: "outcome", id: 1, ok: true, result: { answeredBy: "first" } });

    const locks: string[] = [];
    const wallets = [handedOver("main", locks)];
    first.end(0, true, wallets);
    await new Promise((r) => setTimeout(r, 10));
    expect(h.received[1]).toBe(wallets);
    h.post({ kind: "call", id: 2, method: "getbalance" });
    await new Promise((r) => setTimeout(r, 10));
    expect(h.sent).toHaveLength(2);

    startSecond(second);
    await sentCount(h.sent, 4);
    expect(h.sent.slice(2)).toEqual(
      expect.arrayContaining([
        { kind: "ready", network: "devnet", dataDir: "/data/second" },
        expect.objectContaining({
          kind: "outcome",
          id: 2,
          ok: true,
          result: { answeredBy: "second", method: "getbalance" },
        }),
      ]),
    );

    h.post({ kind: "stop", reason: "quit" });
    expect(await h.exit).toBe(0);
    expect(locks).toEqual([]);
    expect(h.fatalErrors).toEqual([]);
  });

  it("ends with the daemon's code and locks what it handed over when no restart was asked", async () => {
    const daemon = scriptedDaemon("only");
    const h = harness([async () => daemon]);
    await sentCount(h.sent, 1);
    const locks: string[] = [];
    daemon.end(1, true, [handedOver("savings", locks)]);
    expect(await h.exit).toBe(1);
    expect(locks).toEqual(["savings"]);
  });

  it("reports a start that fails and locks the wallets that were waiting for it", async () => {
    const first = scriptedDaemon("first");
    const failure = new Error("port in use");
    const h = harness([
      async () => first,
      async () => {
        throw failure;
      },
    ]);
    await sentCount(h.sent, 1);
    const locks: string[] = [];
    first.end(0, true, [handedOver("a", locks), handedOver("b", locks)]);
    expect(await h.exit).toBe(3);
    expect(h.fatalErrors).toEqual([failure]);
    expect(locks).toEqual(["a", "b"]);
  });
});
