// A Chromium trace of the page's start, for the UI bench with TIME_BENCH_UI_TRACE=1: written to
// e2e/artifacts/ (open it in DevTools' Performance panel or ui.perfetto.dev) and summed up: each main-thread
// task over 50 ms with what its time went to (self time per trace event: script evaluation and compiling
// by file, function calls, style, layout, paint), so the cause of a long task shows in the output.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Browser, Page } from "@playwright/test";
import { ARTIFACTS_DIR } from "../support/paths.js";

const CATEGORIES = [
  "devtools.timeline",
  "disabled-by-default-devtools.timeline",
  "v8.execute",
  "v8",
  "blink",
];
const LONG_TASK_US = 50_000;

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly ts: number;
  readonly dur?: number;
  readonly pid: number;
  readonly tid: number;
  readonly args?: { readonly name?: string; readonly data?: Record<string, unknown> };
}

export async function startTrace(browser: Browser, page: Page): Promise<void> {
  await browser.startTracing(page, { categories: CATEGORIES });
}

/** Stops the trace, writes it as `name`.json, and describes each long main-thread task. */
export async function stopTrace(browser: Browser, name: string): Promise<string[]> {
  const buffer = await browser.stopTracing();
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const file = join(ARTIFACTS_DIR, `${name}.json`);
  await writeFile(file, buffer);
  const events = (JSON.parse(buffer.toString("utf8")) as { traceEvents: TraceEvent[] }).traceEvents;
  // A navigation may move the page to another renderer process: every renderer main thread counts.
  const mains = new Set(
    events
      .filter((e) => e.ph === "M" && e.name === "thread_name" && e.args?.name === "CrRendererMain")
      .map((e) => `${e.pid}:${e.tid}`),
  );
  if (mains.size === 0) return [`${file}: no renderer main thread in the trace`];
  const onMain = events
    .filter((e) => mains.has(`${e.pid}:${e.tid}`) && e.ph === "X" && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const tasks = onMain.filter((e) => e.name === "RunTask" && (e.dur ?? 0) > LONG_TASK_US);
  const first = onMain[0]?.ts ?? 0;
  const lines = [`trace ${file}: ${tasks.length} main-thread tasks over ${LONG_TASK_US / 1_000} ms`];
  for (const task of tasks) {
    const end = task.ts + (task.dur ?? 0);
    const inside = onMain.filter(
      (e) => e !== task && e.pid === task.pid && e.tid === task.tid && e.ts >= task.ts && e.ts < end,
    );
    // Self time: each event's duration less its direct children's (events nest by time on one thread).
    const self = new Map<string, number>();
    const stack: { end: number; key: string }[] = [];
    for (const e of inside) {
      while (stack.length > 0 && (stack.at(-1) as { end: number }).end <= e.ts) stack.pop();
      const key = label(e);
      self.set(key, (self.get(key) ?? 0) + (e.dur ?? 0));
      const parent = stack.at(-1);
      if (parent !== undefined) self.set(parent.key, (self.get(parent.key) ?? 0) - (e.dur ?? 0));
      stack.push({ end: e.ts + (e.dur ?? 0), key });
    }
    const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8);
    lines.push(
      `  task of ${((task.dur ?? 0) / 1_000).toFixed(0)} ms at +${((task.ts - first) / 1_000).toFixed(0)} ms: ` +
        top.map(([key, us]) => `${key} ${(us / 1_000).toFixed(1)}`).join(", "),
    );
  }
  return lines;
}

function label(e: TraceEvent): string {
  const data = e.args?.data ?? {};
  const url = typeof data.url === "string" ? data.url.split("/").pop() : undefined;
  const fn =
    typeof data.functionName === "string" && data.functionName !== "" ? data.functionName : undefined;
  if (fn !== undefined) return `${e.name}(${fn}${url ? ` ${url}` : ""})`;
  return url ? `${e.name}(${url})` : e.name;
}
