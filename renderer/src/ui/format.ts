// Plain formatting of counts, heights, ages and durations for the UI (grouped digits, "4 s ago").
import { groupThousands } from "./amount.js";

export function formatCount(value: number): string {
  if (!Number.isFinite(value)) return "–";
  const rounded = Math.trunc(value);
  return `${rounded < 0 ? "-" : ""}${groupThousands(String(Math.abs(rounded)))}`;
}

/** A compact age: "4 s", "3 min", "2 h", "5 d" (the caller adds "ago"). */
export function formatAge(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${formatCount(Math.floor(hours / 24))} d`;
}

/** Milliseconds under 10 s as "640 ms", longer as "12.3 s". */
export function formatLatency(ms: number): string {
  if (ms < 10_000) return `${formatCount(Math.round(ms))} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

/** A block or wall-clock time that may be in seconds or milliseconds since the epoch, as milliseconds. */
export function epochMs(value: number): number {
  return value < 1e12 ? value * 1000 : value;
}

/** A local date and time ("2026-12-02 18:04"), stable across locales for CSV and lists. */
export function formatDateTime(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** A long id shortened in the middle: "3f2a…9c1d". */
export function shortId(id: string, keep = 8): string {
  return id.length <= keep * 2 + 1 ? id : `${id.slice(0, keep)}…${id.slice(-keep)}`;
}
