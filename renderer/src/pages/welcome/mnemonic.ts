// Recovery words in the browser: the BIP-39 English list for per-word autocomplete, the checksum check
// (SHA-256 through crypto.subtle, so nothing but the word list is imported), and the random choice of the
// words a person confirms after writing them down. Nothing here keeps or logs the words.
import { wordlist } from "@scure/bip39/wordlists/english.js";

const INDEX = new Map<string, number>(wordlist.map((word, i) => [word, i]));
export const WORD_COUNTS = [12, 15, 18, 21, 24] as const;

/** Splits pasted or typed text into lower-case words. */
export function splitWords(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[\s,;]+/)
    .filter((word) => word.length > 0);
}

export function isKnownWord(word: string): boolean {
  return INDEX.has(word);
}

/** Up to `limit` list words starting with `prefix` (empty for an empty prefix or an exact unique match). */
export function suggestions(prefix: string, limit = 6): string[] {
  const p = prefix.trim().toLowerCase();
  if (p.length === 0) return [];
  const out: string[] = [];
  for (const word of wordlist) {
    if (word.startsWith(p)) {
      out.push(word);
      if (out.length >= limit) break;
    }
  }
  return out.length === 1 && out[0] === p ? [] : out;
}

export type MnemonicCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly problem: "empty" }
  | { readonly ok: false; readonly problem: "count"; readonly count: number }
  | { readonly ok: false; readonly problem: "unknown"; readonly position: number; readonly word: string }
  | { readonly ok: false; readonly problem: "checksum" };

/** Checks the word count, that every word is on the list, and the BIP-39 checksum. */
export async function checkMnemonic(words: readonly string[]): Promise<MnemonicCheck> {
  if (words.length === 0) return { ok: false, problem: "empty" };
  for (const [i, word] of words.entries()) {
    if (!INDEX.has(word)) return { ok: false, problem: "unknown", position: i + 1, word };
  }
  if (!(WORD_COUNTS as readonly number[]).includes(words.length)) {
    return { ok: false, problem: "count", count: words.length };
  }
  const bits = words.map((word) => (INDEX.get(word) ?? 0).toString(2).padStart(11, "0")).join("");
  const checksumBits = bits.length / 33;
  const entropyBits = bits.slice(0, bits.length - checksumBits);
  const entropy = new Uint8Array(entropyBits.length / 8);
  for (let i = 0; i < entropy.length; i++)
    entropy[i] = Number.parseInt(entropyBits.slice(i * 8, i * 8 + 8), 2);
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", entropy));
  const expected = Array.from(hash.slice(0, 4), (b) => b.toString(2).padStart(8, "0"))
    .join("")
    .slice(0, checksumBits);
  return expected === bits.slice(bits.length - checksumBits)
    ? { ok: true }
    : { ok: false, problem: "checksum" };
}

/** `n` distinct positions (0-based, ascending) out of `count`, chosen with the platform's CSPRNG. */
export function pickConfirmPositions(
  count: number,
  n = 3,
  random: (max: number) => number = secureRandom,
): number[] {
  const chosen = new Set<number>();
  const want = Math.min(n, count);
  while (chosen.size < want) chosen.add(random(count));
  return [...chosen].sort((a, b) => a - b);
}

function secureRandom(max: number): number {
  const buffer = new Uint32Array(1);
  const limit = Math.floor(0x1_0000_0000 / max) * max;
  for (;;) {
    crypto.getRandomValues(buffer);
    const value = buffer[0] ?? 0;
    if (value < limit) return value % max;
  }
}
