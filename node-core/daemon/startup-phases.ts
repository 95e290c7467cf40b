// The daemon's start-up, phase by phase: how long each step from the process's own start (Node's
// performance.timeOrigin) took, logged once the node serves (the "start-up timings" line) so the UI bench
// (`npm run bench -- ui`) and an operator can see where a slow start went. Measuring only: nothing waits
// on it, and a phase that did not run is simply absent.

export interface StartupReport {
  /** When the process started (epoch ms, fractional): the origin of the phases. */
  readonly processStartedAt: number;
  /** Milliseconds from the process's start to the last mark. */
  readonly totalMs: number;
  /** Each phase's duration in ms, in the order they ran (the first is from the process's start). */
  readonly phases: Readonly<Record<string, number>>;
  /** CPU time (user + system, ms) the process used until the report: a figure other processes on the
   * machine do not inflate, unlike the wall-clock phases. */
  readonly cpuMs: number;
}

export class StartupPhases {
  private last = 0;
  private readonly durations: [string, number][] = [];

  /**
   * `now` gives ms since the process started (performance.now() by default), `origin` the epoch ms of 0,
   * `cpu` the process's CPU time so far in ms.
   */
  constructor(
    private readonly now: () => number = () => performance.now(),
    private readonly origin: number = performance.timeOrigin,
    private readonly cpu: () => number = () => {
      const used = process.cpuUsage();
      return (used.user + used.system) / 1_000;
    },
  ) {}

  /** Ends the phase `name` now (it began where the previous one ended, or at the process's start). */
  mark(name: string): void {
    const at = this.now();
    this.durations.push([name, Math.max(0, at - this.last)]);
    this.last = at;
  }

  report(): StartupReport {
    const round = (ms: number) => Math.round(ms * 10) / 10;
    return {
      processStartedAt: round(this.origin),
      totalMs: round(this.last),
      phases: Object.fromEntries(this.durations.map(([name, ms]) => [name, round(ms)])),
      cpuMs: round(this.cpu()),
    };
  }
}
