// The console's command history: kept in sessionStorage (gone when the window closes), newest last, no
// consecutive duplicates, bounded; and the up/down walk through it that keeps the line being typed.
// Lines go in already masked (secrets.ts): a password or recovery words never reach storage.

export const HISTORY_KEY = "timecoin.console.history";
export const HISTORY_LIMIT = 200;

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export function loadHistory(storage: KeyValueStorage): string[] {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(HISTORY_KEY) ?? "[]");
    return Array.isArray(parsed)
      ? parsed.filter((line): line is string => typeof line === "string").slice(-HISTORY_LIMIT)
      : [];
  } catch {
    return [];
  }
}

export function saveHistory(storage: KeyValueStorage, history: readonly string[]): void {
  try {
    storage.setItem(HISTORY_KEY, JSON.stringify(history.slice(-HISTORY_LIMIT)));
  } catch {
    // Storage full or disabled: the history lives on in memory for this page.
  }
}

export function addToHistory(history: readonly string[], line: string): string[] {
  const trimmed = line.trim();
  if (trimmed.length === 0 || history[history.length - 1] === trimmed) return [...history];
  return [...history, trimmed].slice(-HISTORY_LIMIT);
}

export interface HistoryWalk {
  /** Index into the history, or null while on the line being typed. */
  readonly index: number | null;
  /** The line being typed before the walk began. */
  readonly draft: string;
}

/** One step up (older) or down (newer); returns the new walk and the text the input should show. */
export function stepHistory(
  history: readonly string[],
  walk: HistoryWalk,
  direction: "up" | "down",
  current: string,
): { walk: HistoryWalk; text: string } {
  if (history.length === 0) return { walk, text: current };
  if (direction === "up") {
    const index = walk.index === null ? history.length - 1 : Math.max(0, walk.index - 1);
    const draft = walk.index === null ? current : walk.draft;
    return { walk: { index, draft }, text: history[index] as string };
  }
  if (walk.index === null) return { walk, text: current };
  if (walk.index >= history.length - 1) return { walk: { index: null, draft: "" }, text: walk.draft };
  const index = walk.index + 1;
  return { walk: { index, draft: walk.draft }, text: history[index] as string };
}
