// How the node pages write numbers: grouped counts, byte sizes, rates, latencies, durations and ages, and
// long hex shortened in the middle. Units come from the catalog (network.units).
import { t } from "../../i18n/index.js";

const countFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });

export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return t("network.units.none");
  return countFormat.format(Math.trunc(value));
}

export function formatDecimal(value: number): string {
  return Number.isFinite(value) ? oneDecimal.format(value) : t("network.units.none");
}

/** Decimal byte units (kB = 1000 B), one decimal above bytes. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return t("network.units.none");
  if (bytes < 1000) return t("network.units.bytes", { value: countFormat.format(Math.round(bytes)) });
  if (bytes < 1e6) return t("network.units.kilobytes", { value: oneDecimal.format(bytes / 1e3) });
  if (bytes < 1e9) return t("network.units.megabytes", { value: oneDecimal.format(bytes / 1e6) });
  return t("network.units.gigabytes", { value: oneDecimal.format(bytes / 1e9) });
}

export function formatRate(bytesPerSecond: number): string {
  return t("network.units.perSecond", { value: formatBytes(bytesPerSecond) });
}

/** Latencies under 10 s in ms ("640 ms"), longer in seconds ("12.3 s"). */
export function formatLatency(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return t("network.units.none");
  if (ms < 10_000) return t("network.units.ms", { value: countFormat.format(Math.round(ms)) });
  return t("network.units.seconds", { value: oneDecimal.format(ms / 1000) });
}

/** A span in whole units: "45 s", "3 min", "2 h", "5 d". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return t("network.units.none");
  const s = Math.round(seconds);
  if (s < 60) return t("network.units.seconds", { value: s });
  const minutes = Math.round(s / 60);
  if (minutes < 60) return t("network.units.minutes", { value: minutes });
  const hours = Math.round(minutes / 60);
  if (hours < 48) return t("network.units.hours", { value: hours });
  return t("network.units.days", { value: countFormat.format(Math.round(hours / 24)) });
}

/** A local date and time for an epoch-ms timestamp, seconds included (blocks come seconds apart). */
export function formatTime(epochMs: number): string {
  if (!Number.isFinite(epochMs) || epochMs <= 0) return t("network.units.none");
  return new Date(epochMs).toLocaleTimeString(undefined, {
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
}

/** "abcd1234…9f8e" for long hex or ids; short text unchanged. */
export function shortId(text: string, keep = 8): string {
  return text.length <= keep * 2 + 1 ? text : `${text.slice(0, keep)}…${text.slice(-keep)}`;
}
