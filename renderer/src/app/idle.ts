// Auto-lock timing: the node-side unlock timeout for walletpassphrase (the idle minutes, or the node's
// longest, a day, for "never"), and whether the UI's own idle clock has run out.
export const MAX_UNLOCK_SECONDS = 86_400;

export function unlockSeconds(minutes: number | null): number {
  if (minutes === null) return MAX_UNLOCK_SECONDS;
  return Math.min(MAX_UNLOCK_SECONDS, Math.max(60, Math.round(minutes * 60)));
}

export function idleExpired(lastActivityMs: number, nowMs: number, minutes: number | null): boolean {
  return minutes !== null && nowMs - lastActivityMs >= minutes * 60_000;
}
