// Keeps the node host running: starts it, subscribes it to the pushed events once it is ready, sends its
// output to the log (keeping the last lines), and when it exits restarts it after the backoff of
// restart-policy.ts, or gives up (after too many failures in a row, or at once for a failure that a
// restart cannot fix) and reports why with the last log lines. Electron-free: main passes the spawner.
import type { ApiPushEventName, MainToHostMessage } from "../contract.js";
import { HostClient } from "./host-client.js";
import { LogTail } from "./log-tail.js";
import { DEFAULT_RESTART_POLICY, decideRestart, type RestartPolicy } from "./restart-policy.js";

/** What of a utilityProcess the supervisor uses. */
export interface HostProcess {
  postMessage(message: MainToHostMessage): void;
  onMessage(listener: (message: unknown) => void): void;
  onOutput(listener: (chunk: string) => void): void;
  onExit(listener: (code: number) => void): void;
  kill(): void;
}

export interface GiveUp {
  readonly reason: string;
  readonly failures: number;
  readonly logLines: readonly string[];
}

/** How a restart ended: the new host is ready, or the supervisor gave up (or the app is quitting). */
export type RestartResult =
  | { readonly ok: true; readonly network: string; readonly dataDir: string }
  | { readonly ok: false; readonly reason: string };

export type SupervisorState = "starting" | "ready" | "waiting" | "failed" | "stopping" | "stopped";

export interface SupervisorDeps {
  readonly spawn: () => HostProcess;
  readonly events: readonly ApiPushEventName[];
  readonly onPush: (event: ApiPushEventName, payload: unknown) => void;
  readonly onGiveUp: (why: GiveUp) => void;
  /** The host is up: its network and data directory. */
  readonly onReady?: (info: { network: string; dataDir: string }) => void;
  readonly onState?: (state: SupervisorState) => void;
  /** Where every line the host writes goes too (the log file). */
  readonly log?: (chunk: string) => void;
  readonly now?: () => number;
  readonly policy?: RestartPolicy;
  readonly callTimeoutMs?: number;
  /** How long stop() waits for the host to exit before killing it. */
  readonly stopGraceMs?: number;
}

export class HostSupervisor {
  readonly client: HostClient;
  readonly tail = new LogTail();
  private current: HostProcess | null = null;
  private startedAt = 0;
  private failures = 0;
  private lastFatal: { message: string; retryable: boolean } | null = null;
  private restartTimer: ReturnType<typeof setTimeout> | null = null;
  private stateNow: SupervisorState = "stopped";
  private stopped: Promise<void> | null = null;
  /** Set while restart() waits for the old host to exit, so that exit starts no backoff. */
  private restarting = false;
  private restartWaiters: Array<(result: RestartResult) => void> = [];
  private readonly now: () => number;

  constructor(private readonly deps: SupervisorDeps) {
    this.now = deps.now ?? Date.now;
    this.client = new HostClient({
      ...(deps.callTimeoutMs === undefined ? {} : { callTimeoutMs: deps.callTimeoutMs }),
      onPush: (event, payload) => deps.onPush(event, payload),
      onReady: (info) => {
        this.client.send({ kind: "subscribe", events: [...deps.events] });
        this.setState("ready");
        deps.onReady?.(info);
        this.settleRestarts({ ok: true, ...info });
      },
      onFatal: (message, retryable) => {
        this.lastFatal = { message, retryable };
      },
    });
  }

  get state(): SupervisorState {
    return this.stateNow;
  }

  start(): void {
    if (this.current !== null || this.stopped !== null) return;
    this.lastFatal = null;
    this.setState("starting");
    let host: HostProcess;
    try {
      host = this.deps.spawn();
    } catch (error) {
      this.tail.push(
        `could not start the node process: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      this.afterExit(-1);
      return;
    }
    this.current = host;
    this.startedAt = this.now();
    host.onOutput((chunk) => {
      this.tail.push(chunk);
      this.deps.log?.(chunk);
    });
    host.onMessage((message) => {
      if (this.current === host) this.client.handleMessage(message);
    });
    host.onExit((code) => {
      if (this.current !== host) return;
      this.current = null;
      this.client.hostGone(`the node stopped (exit code ${code})`);
      this.afterExit(code);
    });
    this.client.attach({ postMessage: (message) => host.postMessage(message) });
  }

  /**
   * Stops the host cleanly and starts a new one (spawn() gives its arguments: main changes them first to
   * switch networks), with the failure count reset; resolves when the new host is ready, or with the reason
   * if the supervisor gives up. Also revives a supervisor that gave up.
   */
  restart(reason: string): Promise<RestartResult> {
    if (this.stopped !== null) return Promise.resolve({ ok: false, reason: "the app is quitting" });
    const result = new Promise<RestartResult>((resolve) => this.restartWaiters.push(resolve));
    if (this.restarting) return result;
    if (this.restartTimer !== null) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    this.failures = 0;
    const host = this.current;
    if (host === null) {
      this.start();
      return result;
    }
    this.restarting = true;
    this.setState("stopping");
    const kill = setTimeout(() => host.kill(), this.deps.stopGraceMs ?? 15_000);
    host.onExit(() => {
      clearTimeout(kill);
      this.restarting = false;
      if (this.stopped === null) this.start();
    });
    this.client.send({ kind: "stop", reason });
    return result;
  }

  /** Stops the host (asking it to shut down cleanly first) and does not start it again. */
  stop(reason: string): Promise<void> {
    this.settleRestarts({ ok: false, reason: "the app is quitting" });
    this.stopped ??= new Promise<void>((resolve) => {
      if (this.restartTimer !== null) clearTimeout(this.restartTimer);
      this.restartTimer = null;
      const host = this.current;
      if (host === null) {
        this.setState("stopped");
        resolve();
        return;
      }
      this.setState("stopping");
      const kill = setTimeout(() => host.kill(), this.deps.stopGraceMs ?? 15_000);
      host.onExit(() => {
        clearTimeout(kill);
        this.setState("stopped");
        resolve();
      });
      this.client.send({ kind: "stop", reason });
    });
    return this.stopped;
  }

  private settleRestarts(result: RestartResult): void {
    for (const resolve of this.restartWaiters.splice(0)) resolve(result);
  }

  private afterExit(code: number): void {
    if (this.stopped !== null || this.restarting) return;
    const ranMs = this.now() - this.startedAt;
    const fatal = this.lastFatal;
    const decision = decideRestart(this.failures, ranMs, this.deps.policy ?? DEFAULT_RESTART_POLICY);
    this.failures = decision.failures;
    if (decision.action === "give-up" || (fatal !== null && !fatal.retryable)) {
      this.setState("failed");
      const why = {
        reason:
          fatal?.message ??
          `the node stopped unexpectedly (exit code ${code}) ${this.failures} times in a row`,
        failures: this.failures,
        logLines: this.tail.snapshot(),
      };
      this.deps.onGiveUp(why);
      this.settleRestarts({ ok: false, reason: why.reason });
      return;
    }
    this.setState("waiting");
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      this.start();
    }, decision.delayMs);
  }

  private setState(state: SupervisorState): void {
    this.stateNow = state;
    this.deps.onState?.(state);
  }
}
