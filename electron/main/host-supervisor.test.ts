// The supervisor against fake host processes and fake timers: it subscribes a ready host, restarts a dead
// one after the backoff, gives up after too many failures or at once on a fatal that a restart cannot fix
// (with the last log lines), fails waiting calls when the host dies, and stops a host cleanly.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { MainToHostMessage } from "../contract.js";
import { type GiveUp, type HostProcess, HostSupervisor } from "./host-supervisor.js";

class FakeHost implements HostProcess {
  readonly sent: MainToHostMessage[] = [];
  killed = false;
  private message: ((m: unknown) => void)[] = [];
  private output: ((c: string) => void)[] = [];
  private exit: ((code: number) => void)[] = [];
  postMessage(m: MainToHostMessage) {
    this.sent.push(m);
  }
  onMessage(l: (m: unknown) => void) {
    this.message.push(l);
  }
  onOutput(l: (c: string) => void) {
    this.output.push(l);
  }
  onExit(l: (code: number) => void) {
    this.exit.push(l);
  }
  kill() {
    this.killed = true;
    this.die(137);
  }
  say(m: unknown) {
    for (const l of this.message) l(m);
  }
  write(c: string) {
    for (const l of this.output) l(c);
  }
  die(code: number) {
    for (const l of this.exit) l(code);
  }
}

let clock = 0;
beforeEach(() => {
  vi.useFakeTimers();
  clock = 0;
});
afterEach(() => vi.useRealTimers());

function supervisor(overrides: { stopGraceMs?: number } = {}) {
  const hosts: FakeHost[] = [];
  const pushes: string[] = [];
  const gaveUp: GiveUp[] = [];
  const logged: string[] = [];
  const readies: string[] = [];
  const sup = new HostSupervisor({
    spawn: () => {
      const host = new FakeHost();
      hosts.push(host);
      return host;
    },
    events: ["chain:block", "wallet:balanceChanged"],
    onPush: (event) => pushes.push(event),
    onGiveUp: (why) => gaveUp.push(why),
    onReady: (info) => readies.push(info.network),
    log: (chunk) => logged.push(chunk),
    now: () => clock,
    ...overrides,
  });
  return { sup, hosts, pushes, gaveUp, logged, readies };
}

describe("HostSupervisor", () => {
  it("subscribes the host to the events once it is ready and forwards pushes", () => {
    const { sup, hosts, pushes, readies } = supervisor();
    sup.start();
    expect(sup.state).toBe("starting");
    hosts[0]?.say({ kind: "ready", network: "devnet", dataDir: "/d" });
    expect(sup.state).toBe("ready");
    expect(readies).toEqual(["devnet"]);
    expect(hosts[0]?.sent).toEqual([{ kind: "subscribe", events: ["chain:block", "wallet:balanceChanged"] }]);
    hosts[0]?.say({ kind: "push", event: "chain:block", payload: { height: 3 } });
    expect(pushes).toEqual(["chain:block"]);
  });

  it("restarts a dead host after the backoff, failing its waiting calls at once", async () => {
    const { sup, hosts } = supervisor();
    sup.start();
    const waiting = sup.client.call("getblockcount");
    hosts[0]?.die(3);
    await expect(waiting).resolves.toMatchObject({ ok: false, error: { code: "API_TRANSPORT_ERROR" } });
    expect(sup.state).toBe("waiting");
    vi.advanceTimersByTime(999);
    expect(hosts).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(hosts).toHaveLength(2);
    hosts[1]?.die(3);
    vi.advanceTimersByTime(1_999);
    expect(hosts).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(hosts).toHaveLength(3);
  });

  it("gives up after five failures in a row with the last log lines", () => {
    const { sup, hosts, gaveUp, logged } = supervisor();
    sup.start();
    for (let i = 0; i < 5; i++) {
      hosts[i]?.write(`run ${i} failed\n`);
      hosts[i]?.die(3);
      vi.advanceTimersByTime(60_000);
    }
    expect(hosts).toHaveLength(5);
    expect(sup.state).toBe("failed");
    expect(gaveUp).toHaveLength(1);
    expect(gaveUp[0]?.failures).toBe(5);
    expect(gaveUp[0]?.logLines).toEqual([
      "run 0 failed",
      "run 1 failed",
      "run 2 failed",
      "run 3 failed",
      "run 4 failed",
    ]);
    expect(logged.join("")).toContain("run 4 failed");
  });

  it("counts a long run as recovered", () => {
    const { sup, hosts, gaveUp } = supervisor();
    sup.start();
    for (let i = 0; i < 8; i++) {
      clock += 120_000;
      hosts[i]?.die(3);
      vi.advanceTimersByTime(1_000);
    }
    expect(gaveUp).toEqual([]);
    expect(hosts).toHaveLength(9);
  });

  it("gives up at once on a fatal a restart cannot fix", () => {
    const { sup, hosts, gaveUp } = supervisor();
    sup.start();
    hosts[0]?.say({
      kind: "fatal",
      message: "--datadir /d is in use by another running node",
      retryable: false,
    });
    hosts[0]?.die(2);
    expect(gaveUp.map((g) => g.reason)).toEqual(["--datadir /d is in use by another running node"]);
    vi.advanceTimersByTime(60_000);
    expect(hosts).toHaveLength(1);
  });

  it("retries a retryable fatal", () => {
    const { sup, hosts, gaveUp } = supervisor();
    sup.start();
    hosts[0]?.say({ kind: "fatal", message: "port busy", retryable: true });
    hosts[0]?.die(3);
    vi.advanceTimersByTime(1_000);
    expect(hosts).toHaveLength(2);
    expect(gaveUp).toEqual([]);
  });

  it("reports a spawn that throws like a failed run", () => {
    const gaveUp: GiveUp[] = [];
    const sup = new HostSupervisor({
      spawn: () => {
        throw new Error("no such file: node-host.mjs");
      },
      events: [],
      onPush: () => {},
      onGiveUp: (why) => gaveUp.push(why),
      policy: { initialDelayMs: 10, maxDelayMs: 10, factor: 2, maxFailures: 2, stableMs: 60_000 },
      now: () => clock,
    });
    sup.start();
    vi.advanceTimersByTime(10);
    expect(gaveUp).toHaveLength(1);
    expect(gaveUp[0]?.logLines.at(-1)).toContain("no such file: node-host.mjs");
  });

  it("stops a host cleanly, and kills one that does not exit in time", async () => {
    const first = supervisor();
    first.sup.start();
    const stopping = first.sup.stop("quit");
    expect(first.hosts[0]?.sent.at(-1)).toEqual({ kind: "stop", reason: "quit" });
    first.hosts[0]?.die(0);
    await stopping;
    expect(first.sup.state).toBe("stopped");
    vi.advanceTimersByTime(60_000);
    expect(first.hosts).toHaveLength(1);

    const second = supervisor({ stopGraceMs: 500 });
    second.sup.start();
    const killed = second.sup.stop("quit");
    vi.advanceTimersByTime(500);
    await killed;
    expect(second.hosts[0]?.killed).toBe(true);
    expect(second.hosts).toHaveLength(1);
  });

  it("does not restart a host while a restart is pending after stop", () => {
    const { sup, hosts } = supervisor();
    sup.start();
    hosts[0]?.die(3);
    void sup.stop("quit");
    vi.advanceTimersByTime(60_000);
    expect(hosts).toHaveLength(1);
    expect(sup.state).toBe("stopped");
  });

  it("restarts on request: a clean stop, a new host at once, resolved when it is ready", async () => {
    const { sup, hosts, readies } = supervisor();
    sup.start();
    hosts[0]?.say({ kind: "ready", network: "devnet", dataDir: "/d" });
    const switching = sup.restart("switching to testnet");
    expect(hosts[0]?.sent.at(-1)).toEqual({ kind: "stop", reason: "switching to testnet" });
    expect(sup.state).toBe("stopping");
    hosts[0]?.die(0);
    expect(hosts).toHaveLength(2);
    vi.advanceTimersByTime(60_000);
    expect(hosts).toHaveLength(2);
    hosts[1]?.say({ kind: "ready", network: "testnet", dataDir: "/t" });
    await expect(switching).resolves.toEqual({ ok: true, network: "testnet", dataDir: "/t" });
    expect(readies).toEqual(["devnet", "testnet"]);
  });

  it("kills a host that does not stop for a restart, and revives one that gave up", async () => {
    const { sup, hosts } = supervisor({ stopGraceMs: 500 });
    sup.start();
    const first = sup.restart("switch");
    vi.advanceTimersByTime(500);
    expect(hosts[0]?.killed).toBe(true);
    expect(hosts).toHaveLength(2);
    hosts[1]?.say({ kind: "fatal", message: "testnet genesis does not match the data", retryable: false });
    hosts[1]?.die(2);
    await expect(first).resolves.toEqual({ ok: false, reason: "testnet genesis does not match the data" });
    expect(sup.state).toBe("failed");
    const again = sup.restart("switch back");
    expect(hosts).toHaveLength(3);
    hosts[2]?.say({ kind: "ready", network: "devnet", dataDir: "/d" });
    await expect(again).resolves.toMatchObject({ ok: true, network: "devnet" });
  });

  it("answers a restart that quitting interrupts, and starts nothing after", async () => {
    const { sup, hosts } = supervisor();
    sup.start();
    const switching = sup.restart("switch");
    const quitting = sup.stop("quit");
    await expect(switching).resolves.toEqual({ ok: false, reason: "the app is quitting" });
    hosts[0]?.die(0);
    await quitting;
    vi.advanceTimersByTime(60_000);
    expect(hosts).toHaveLength(1);
    await expect(sup.restart("late")).resolves.toEqual({ ok: false, reason: "the app is quitting" });
  });
});
