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

  /** Stops the host (asking it to shut down cleanly first) and does not start it again. */
  stop(reason: string): Promise<void> {
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

  private afterExit(code: number): void {
    if (this.stopped !== null) return;
    const ranMs = this.now() - this.startedAt;
    const fatal = this.lastFatal;
    const decision = decideRestart(this.failures, ranMs, this.deps.policy ?? DEFAULT_RESTART_POLICY);
    this.failures = decision.failures;
    if (decision.action === "give-up" || (fatal !== null && !fatal.retryable)) {
      this.setState("failed");
      this.deps.onGiveUp({
        reason:
          fatal?.message ??
          `the node stopped unexpectedly (exit code ${code}) ${this.failures} times in a row`,
        failures: this.failures,
        logLines: this.tail.snapshot(),
      });
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
