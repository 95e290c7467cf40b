// Reading TIME amounts off the screen: the UI writes them with up to 8 decimals, dimmed trailing zeros and
// digit grouping, so a test compares them as 8-decimal integers, never as floats or exact strings.

/** A decimal TIME amount in 8-decimal units ("42", "42.0", "42.00000000" are equal); null if it is not one. */
export function toUnits(amount: string): bigint | null {
  const match = /^(\d+)(?:\.(\d{0,8}))?$/.exec(amount.replace(/[,\s\u202f]/g, ""));
  if (match === null) return null;
  return BigInt(match[1] as string) * 100_000_000n + BigInt((match[2] ?? "").padEnd(8, "0"));
}

/** Every amount (in 8-decimal units) written in `text`, grouped digits included. */
export function amountsIn(text: string): bigint[] {
  const found: bigint[] = [];
  for (const match of text.matchAll(/\d{1,3}(?:[,\u202f]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?/g)) {
    const units = toUnits(match[0]);
    if (units !== null) found.push(units);
  }
  return found;
}
