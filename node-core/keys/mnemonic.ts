// BIP-39 mnemonics (English word list): generation, normalisation, validation with a distinct error per
// failure (length, unknown word, checksum) and the PBKDF2-HMAC-SHA512 seed. The seed derivation uses
// node:crypto because it runs 2048 SHA-512 rounds and the native code is several times faster than JS.
import { pbkdf2, pbkdf2Sync } from "node:crypto";
import { promisify } from "node:util";
import { entropyToMnemonic as scureEntropyToMnemonic, generateMnemonic as scureGenerate } from "@scure/bip39";
import { wordlist } from "@scure/bip39/wordlists/english.js";
import { sha256 } from "../crypto/index.js";
import { MnemonicError } from "./errors.js";

export type MnemonicStrength = 128 | 160 | 192 | 224 | 256;
export const MNEMONIC_WORD_COUNTS: readonly number[] = [12, 15, 18, 21, 24];
/** 24 words: the default for new wallets. */
export const DEFAULT_MNEMONIC_STRENGTH: MnemonicStrength = 256;

const STRENGTHS: readonly number[] = [128, 160, 192, 224, 256];
const SEED_ITERATIONS = 2048;
const SEED_BYTES = 64;
const WORD_INDEX: ReadonlyMap<string, number> = new Map(wordlist.map((word, i) => [word, i]));
const pbkdf2Async = promisify(pbkdf2);

export type MnemonicCheck =
  | { readonly valid: true; readonly mnemonic: string }
  | { readonly valid: false; readonly code: MnemonicError["code"]; readonly message: string };

/** A new random mnemonic; 256 bits of entropy (24 words) unless told otherwise. */
export function generateMnemonic(strengthBits: MnemonicStrength = DEFAULT_MNEMONIC_STRENGTH): string {
  if (!STRENGTHS.includes(strengthBits)) {
    throw new MnemonicError(
      "MNEMONIC_BAD_LENGTH",
      "mnemonic strength must be 128, 160, 192, 224 or 256 bits (12 to 24 words)",
      { length: strengthBits },
    );
  }
  return scureGenerate(wordlist, strengthBits);
}

/** The mnemonic encoding of 16, 20, 24, 28 or 32 bytes of entropy. */
export function entropyToMnemonic(entropy: Uint8Array): string {
  if (entropy.length < 16 || entropy.length > 32 || entropy.length % 4 !== 0) {
    throw new MnemonicError(
      "MNEMONIC_BAD_LENGTH",
      `entropy must be 16, 20, 24, 28 or 32 bytes, got ${entropy.length}`,
      { length: entropy.length },
    );
  }
  return scureEntropyToMnemonic(entropy, wordlist);
}

/**
 * The canonical spelling of a mnemonic: Unicode NFKD, lower case, words separated by single spaces.
 * Does not validate. Lower-casing is safe because every English list word is lower case, so any phrase
 * that validates has exactly one canonical form and therefore one seed.
 */
export function normalizeMnemonic(text: string): string {
  return text
    .normalize("NFKD")
    .toLowerCase()
    .split(/\s+/u)
    .filter((w) => w.length > 0)
    .join(" ");
}

/** Validates a mnemonic and returns its canonical spelling; throws MnemonicError. */
export function parseMnemonic(text: string): string {
  const normalized = normalizeMnemonic(text);
  decodeWords(normalized);
  return normalized;
}

/** The entropy a valid mnemonic encodes; throws MnemonicError. */
export function mnemonicToEntropy(text: string): Uint8Array {
  return decodeWords(normalizeMnemonic(text));
}

export function validateMnemonic(text: string): boolean {
  return checkMnemonic(text).valid;
}

/** Non-throwing validation for forms: says what is wrong without echoing any word. */
export function checkMnemonic(text: string): MnemonicCheck {
  try {
    return { valid: true, mnemonic: parseMnemonic(text) };
  } catch (err) {
    if (err instanceof MnemonicError) return { valid: false, code: err.code, message: err.message };
    throw err;
  }
}

/** BIP-39 seed (64 bytes) of a valid mnemonic; the passphrase is empty unless the user set one. */
export function mnemonicToSeed(mnemonic: string, passphrase = ""): Uint8Array {
  const normalized = parseMnemonic(mnemonic);
  return new Uint8Array(pbkdf2Sync(normalized, saltFor(passphrase), SEED_ITERATIONS, SEED_BYTES, "sha512"));
}

/** As mnemonicToSeed, on libuv's thread pool so a daemon's event loop keeps running. */
export async function mnemonicToSeedAsync(mnemonic: string, passphrase = ""): Promise<Uint8Array> {
  const normalized = parseMnemonic(mnemonic);
  return new Uint8Array(
    await pbkdf2Async(normalized, saltFor(passphrase), SEED_ITERATIONS, SEED_BYTES, "sha512"),
  );
}

function saltFor(passphrase: string): string {
  return `mnemonic${passphrase.normalize("NFKD")}`;
}

/** Checks length, words and checksum of a normalised phrase, in that order, and returns the entropy. */
function decodeWords(normalized: string): Uint8Array {
  const words = normalized.length === 0 ? [] : normalized.split(" ");
  if (!MNEMONIC_WORD_COUNTS.includes(words.length)) {
    throw new MnemonicError(
      "MNEMONIC_BAD_LENGTH",
      `a recovery phrase has 12, 15, 18, 21 or 24 words; this one has ${words.length}`,
      { wordCount: words.length },
    );
  }
  const indices: number[] = [];
  for (let i = 0; i < words.length; i++) {
    const index = WORD_INDEX.get(words[i] as string);
    if (index === undefined) {
      throw new MnemonicError(
        "MNEMONIC_BAD_WORD",
        `word ${i + 1} is not in the BIP-39 English word list (check its spelling)`,
        { position: i + 1, wordCount: words.length },
      );
    }
    indices.push(index);
  }

  const totalBits = words.length * 11;
  const checksumBits = totalBits / 33;
  const entropy = new Uint8Array((totalBits - checksumBits) / 8);
  let checksum = 0;
  for (let bit = 0; bit < totalBits; bit++) {
    const value = ((indices[Math.floor(bit / 11)] as number) >> (10 - (bit % 11))) & 1;
    if (bit < entropy.length * 8) {
      entropy[bit >> 3] = (entropy[bit >> 3] as number) | (value << (7 - (bit & 7)));
    } else {
      checksum = (checksum << 1) | value;
    }
  }
  const expected = (sha256(entropy)[0] as number) >> (8 - checksumBits);
  if (checksum !== expected) {
    throw new MnemonicError(
      "MNEMONIC_BAD_CHECKSUM",
      "every word is valid but the checksum does not match: a word is wrong or the words are out of order",
      { wordCount: words.length },
    );
  }
  return entropy;
}
