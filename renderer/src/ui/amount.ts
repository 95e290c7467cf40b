// TIME amounts as the UI handles them: decimal strings of up to 8 decimals, converted to integer satoshis
// (BigInt) for every comparison and sum, so no floating point ever touches money.
export const DECIMALS = 8;
const SCALE = 10n ** BigInt(DECIMALS);
const AMOUNT_RE = /^(\d{1,11})(?:\.(\d{0,8}))?$/;

export type AmountParse =
  | { readonly ok: true; readonly sats: bigint }
  | { readonly ok: false; readonly problem: "empty" | "format" | "decimals" | "zero" };

/** Parses what a person typed ("12", "0.5", "1,000.25") into satoshis; a comma is a thousands separator. */
export function parseAmount(text: string, { allowZero = false } = {}): AmountParse {
  const cleaned = text.trim().replace(/[,_\s]/g, "");
  if (cleaned.length === 0) return { ok: false, problem: "empty" };
  const normalized = cleaned.startsWith(".") ? `0${cleaned}` : cleaned;
  const match = AMOUNT_RE.exec(normalized);
  if (match === null) {
    return { ok: false, problem: /^\d+\.\d{9,}$/.test(normalized) ? "decimals" : "format" };
  }
  const whole = BigInt(match[1] ?? "0");
  const fraction = BigInt((match[2] ?? "").padEnd(DECIMALS, "0"));
  const sats = whole * SCALE + fraction;
  if (sats === 0n && !allowZero) return { ok: false, problem: "zero" };
  return { ok: true, sats };
}

/** Satoshis of a decimal TIME string from the node ("12.50000000", "-0.1"); throws on anything else. */
export function toSats(amount: string): bigint {
  const negative = amount.startsWith("-");
  const parsed = parseAmount(negative ? amount.slice(1) : amount, { allowZero: true });
  if (!parsed.ok) throw new Error(`not a TIME amount: ${JSON.stringify(amount)}`);
  return negative ? -parsed.sats : parsed.sats;
}

/** The decimal TIME string of satoshis, always with 8 decimals ("-0.10000000"). */
export function formatSats(sats: bigint): string {
  const negative = sats < 0n;
  const abs = negative ? -sats : sats;
  const whole = abs / SCALE;
  const fraction = (abs % SCALE).toString().padStart(DECIMALS, "0");
  return `${negative ? "-" : ""}${whole}.${fraction}`;
}

/** The shortest decimal TIME string of satoshis ("12.5", "3"), as a person would type it. */
export function formatSatsPlain(sats: bigint): string {
  return formatSats(sats).replace(/\.?0+$/, "");
}

/** Sum of decimal TIME strings, as a decimal TIME string. */
export function sumAmounts(amounts: readonly string[]): string {
  let total = 0n;
  for (const amount of amounts) total += toSats(amount);
  return formatSats(total);
}

export interface AmountParts {
  readonly sign: "" | "-" | "+";
  /** The integer part with thousands separators. */
  readonly whole: string;
  /** The decimals that carry value, with the point ("" when none). */
  readonly fraction: string;
  /** The trailing zeros up to 8 decimals (dimmed in the UI), with the point when fraction is "". */
  readonly zeros: string;
}

/** Splits an amount for display: the significant digits and the trailing zeros the UI dims. */
export function amountParts(amount: string, { signed = false } = {}): AmountParts {
  const sats = toSats(amount);
  const text = formatSats(sats < 0n ? -sats : sats);
  const [whole = "0", decimals = ""] = text.split(".");
  const significant = decimals.replace(/0+$/, "");
  const sign = sats < 0n ? "-" : signed && sats > 0n ? "+" : "";
  return {
    sign,
    whole: groupThousands(whole),
    fraction: significant.length > 0 ? `.${significant}` : "",
    zeros: significant.length > 0 ? decimals.slice(significant.length) : `.${decimals}`,
  };
}

export function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
