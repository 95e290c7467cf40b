// Which loaded wallet the UI shows after a start or reload.

/** The wallet to show: the remembered one when it is loaded, else the first loaded one, else none. */
export function chooseCurrent(loaded: readonly string[], remembered: string | null): string | null {
  if (remembered !== null && loaded.includes(remembered)) return remembered;
  return loaded[0] ?? null;
}
