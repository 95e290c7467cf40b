// The fee rate a user may choose on Send (Advanced): empty means the network minimum; otherwise a whole
// number of sat per byte within the wallet's bounds. The bounds mirror node-core/wallet/send/options.ts
// (the renderer imports no node code); the node checks them again and its refusal is shown as well.
export const MIN_FEE_RATE = 10;
export const MAX_FEE_RATE = 1_000;

export type FeeRateInput =
  | { readonly ok: true; readonly rate: number | null }
  | { readonly ok: false; readonly problem: "format" | "low" | "high" };

export function parseFeeRate(text: string): FeeRateInput {
  const trimmed = text.trim();
  if (trimmed.length === 0) return { ok: true, rate: null };
  if (!/^\d{1,7}$/.test(trimmed)) return { ok: false, problem: "format" };
  const rate = Number(trimmed);
  if (rate < MIN_FEE_RATE) return { ok: false, problem: "low" };
  if (rate > MAX_FEE_RATE) return { ok: false, problem: "high" };
  return { ok: true, rate };
}
