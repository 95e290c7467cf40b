// Tendermint's validRound as it travels in a proposal and its signing message: a u32 round, with
// 0xFFFFFFFF standing for -1 ("no earlier round": a fresh block). A proposal's own round is at most
// u32 max and validRound is below it, so the sentinel is never a real value; writing it is refused so
// that -1 has exactly one encoding.
import type { Reader } from "./reader.js";
import type { Writer } from "./writer.js";

export const NO_VALID_ROUND = -1;
const NONE_WIRE = 0xffffffff;

export function writeValidRound(w: Writer, validRound: number, field: string): void {
  if (validRound === NO_VALID_ROUND) {
    w.u32(NONE_WIRE, field);
    return;
  }
  if (!Number.isInteger(validRound) || validRound < 0 || validRound >= NONE_WIRE) {
    w.fail("CODEC_INVALID_VALUE", field, "not -1 or a round below 0xFFFFFFFF");
  }
  w.u32(validRound, field);
}

export function readValidRound(r: Reader, field: string): number {
  const v = r.u32(field);
  return v === NONE_WIRE ? NO_VALID_ROUND : v;
}
