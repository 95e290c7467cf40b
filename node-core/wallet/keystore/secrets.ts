// WalletSecrets: everything a wallet keeps encrypted (mnemonic and its passphrase, account count, labels,
// address book, masternode operator key seeds, birthday height, and a free `extra` record for the wallet
// service), its checks, and its encoding as the keystore's payload: a UTF-8 JSON document (FORMAT.md,
// "Payload"). Secret fields are byte arrays so that locking a wallet can zero them; the JSON form carries
// them as hex. The strings JSON parsing makes on the way cannot be wiped (best effort, see wipe.ts).
import type { JsonObject, JsonValue } from "../../util/errors.js";
import { KeystoreError } from "./errors.js";
import { wipe } from "./wipe.js";

export interface AddressBookEntry {
  readonly address: string;
  readonly label: string;
  readonly note?: string;
}

export interface OperatorKeySeed {
  /** Which masternode the key operates (the user's name for it). */
  readonly label: string;
  /** The 32-byte ed25519 seed of the operator key. */
  readonly seed: Uint8Array;
}

export interface WalletSecrets {
  /** UTF-8 bytes of the BIP-39 mnemonic phrase. */
  readonly mnemonic: Uint8Array;
  /** UTF-8 bytes of the BIP-39 passphrase, when the user set one. */
  readonly mnemonicPassphrase?: Uint8Array;
  /** Accounts in use (m/44'/0'/account'/...), at least 1. */
  readonly accountCount: number;
  /** Labels by address or transaction id. */
  readonly labels: ReadonlyMap<string, string>;
  readonly addressBook: readonly AddressBookEntry[];
  readonly masternodeOperatorKeySeeds: readonly OperatorKeySeed[];
  /** First block height that can hold the wallet's transactions (0 when unknown: scan from genesis). */
  readonly birthdayHeight: bigint;
  /** Anything else the wallet service keeps; JSON values only. */
  readonly extra: JsonObject;
}

/** Limits that keep one payload within reason (a UI bug must not write a keystore no one can load). */
export const SECRETS_LIMITS = Object.freeze({
  mnemonicBytes: 1024,
  passphraseBytes: 1024,
  maxAccounts: 2 ** 31,
  labels: 100_000,
  labelKeyChars: 256,
  labelChars: 1024,
  addressBook: 10_000,
  addressChars: 128,
  noteChars: 4096,
  operatorKeys: 1_000,
  operatorSeedBytes: 32,
  extraDepth: 32,
  /** The encoded payload, in bytes. */
  payloadBytes: 8 * 1024 * 1024,
});

const MAX_HEIGHT = 2n ** 64n - 1n;

/** Thrown by the checks; the caller turns it into BAD_SECRETS (save) or MALFORMED (load). */
class SecretsRuleBroken extends Error {
  constructor(
    readonly field: string,
    readonly rule: string,
  ) {
    super(`${field}: ${rule}`);
  }
}

function broken(field: string, rule: string): never {
  throw new SecretsRuleBroken(field, rule);
}

function checkBytes(field: string, value: unknown, min: number, max: number): Uint8Array {
  if (!(value instanceof Uint8Array)) broken(field, "must be a Uint8Array");
  if (value.length < min || value.length > max) {
    broken(field, min === max ? `must be ${min} bytes` : `must be ${min} to ${max} bytes`);
  }
  return value;
}

function checkString(field: string, value: unknown, min: number, max: number): string {
  if (typeof value !== "string") broken(field, "must be a string");
  if (value.length < min || value.length > max) broken(field, `must be ${min} to ${max} characters`);
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function checkJson(field: string, value: unknown, depth: number): void {
  if (depth > SECRETS_LIMITS.extraDepth) broken(field, "nests too deeply");
  if (value === null || typeof value === "string" || typeof value === "boolean") return;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) broken(field, "numbers must be finite");
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      checkJson(`${field}[${i}]`, item, depth + 1);
    });
    return;
  }
  if (!isPlainObject(value)) broken(field, "must hold JSON values only");
  for (const [key, item] of Object.entries(value)) {
    if (item !== undefined) checkJson(`${field}.${key}`, item, depth + 1);
  }
}

/** Checks a WalletSecrets value against the type and the limits, field by field. */
function checkSecretsValue(s: WalletSecrets): void {
  if (!isPlainObject(s)) broken("secrets", "must be a plain object");
  checkBytes("mnemonic", s.mnemonic, 1, SECRETS_LIMITS.mnemonicBytes);
  if (s.mnemonicPassphrase !== undefined) {
    checkBytes("mnemonicPassphrase", s.mnemonicPassphrase, 0, SECRETS_LIMITS.passphraseBytes);
  }
  if (
    !Number.isSafeInteger(s.accountCount) ||
    s.accountCount < 1 ||
    s.accountCount > SECRETS_LIMITS.maxAccounts
  ) {
    broken("accountCount", `must be an integer from 1 to ${SECRETS_LIMITS.maxAccounts}`);
  }
  if (!(s.labels instanceof Map)) broken("labels", "must be a Map");
  if (s.labels.size > SECRETS_LIMITS.labels) broken("labels", `at most ${SECRETS_LIMITS.labels} entries`);
  for (const [key, label] of s.labels) {
    checkString("labels key", key, 1, SECRETS_LIMITS.labelKeyChars);
    checkString(`labels[${key}]`, label, 0, SECRETS_LIMITS.labelChars);
  }
  if (!Array.isArray(s.addressBook)) broken("addressBook", "must be an array");
  if (s.addressBook.length > SECRETS_LIMITS.addressBook) {
    broken("addressBook", `at most ${SECRETS_LIMITS.addressBook} entries`);
  }
  s.addressBook.forEach((entry: AddressBookEntry, i: number) => {
    if (!isPlainObject(entry)) broken(`addressBook[${i}]`, "must be an object");
    checkString(`addressBook[${i}].address`, entry.address, 1, SECRETS_LIMITS.addressChars);
    checkString(`addressBook[${i}].label`, entry.label, 0, SECRETS_LIMITS.labelChars);
    if (entry.note !== undefined)
      checkString(`addressBook[${i}].note`, entry.note, 0, SECRETS_LIMITS.noteChars);
  });
  if (!Array.isArray(s.masternodeOperatorKeySeeds)) broken("masternodeOperatorKeySeeds", "must be an array");
  if (s.masternodeOperatorKeySeeds.length > SECRETS_LIMITS.operatorKeys) {
    broken("masternodeOperatorKeySeeds", `at most ${SECRETS_LIMITS.operatorKeys} entries`);
  }
  s.masternodeOperatorKeySeeds.forEach((entry: OperatorKeySeed, i: number) => {
    if (!isPlainObject(entry)) broken(`masternodeOperatorKeySeeds[${i}]`, "must be an object");
    checkString(`masternodeOperatorKeySeeds[${i}].label`, entry.label, 0, SECRETS_LIMITS.labelKeyChars);
    const size = SECRETS_LIMITS.operatorSeedBytes;
    checkBytes(`masternodeOperatorKeySeeds[${i}].seed`, entry.seed, size, size);
  });
  if (typeof s.birthdayHeight !== "bigint" || s.birthdayHeight < 0n || s.birthdayHeight > MAX_HEIGHT) {
    broken("birthdayHeight", "must be a bigint from 0 to 2^64 - 1");
  }
  if (!isPlainObject(s.extra)) broken("extra", "must be a plain object");
  checkJson("extra", s.extra, 0);
}

/** Throws KEYSTORE_BAD_SECRETS naming the first field that breaks a rule. */
export function checkSecrets(secrets: WalletSecrets): void {
  try {
    checkSecretsValue(secrets);
  } catch (err) {
    if (!(err instanceof SecretsRuleBroken)) throw err;
    throw new KeystoreError("KEYSTORE_BAD_SECRETS", `wallet secrets field ${err.field} ${err.rule}`, {
      field: err.field,
      rule: err.rule,
    });
  }
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}

/** The payload's UTF-8 JSON bytes. Checks the secrets first (KEYSTORE_BAD_SECRETS). */
export function encodeSecrets(secrets: WalletSecrets): Uint8Array {
  checkSecrets(secrets);
  const doc: Record<string, JsonValue> = { mnemonic: hex(secrets.mnemonic) };
  if (secrets.mnemonicPassphrase !== undefined) doc.mnemonicPassphrase = hex(secrets.mnemonicPassphrase);
  doc.accountCount = secrets.accountCount;
  doc.labels = [...secrets.labels].map(([key, label]) => [key, label]);
  doc.addressBook = secrets.addressBook.map((e) =>
    e.note === undefined
      ? { address: e.address, label: e.label }
      : { address: e.address, label: e.label, note: e.note },
  );
  doc.masternodeOperatorKeySeeds = secrets.masternodeOperatorKeySeeds.map((e) => ({
    label: e.label,
    seed: hex(e.seed),
  }));
  doc.birthdayHeight = secrets.birthdayHeight.toString();
  doc.extra = secrets.extra;
  const bytes = new TextEncoder().encode(JSON.stringify(doc));
  if (bytes.length > SECRETS_LIMITS.payloadBytes) {
    wipe(bytes);
    throw new KeystoreError("KEYSTORE_BAD_SECRETS", "wallet secrets are too large to store", {
      field: "secrets",
      rule: `at most ${SECRETS_LIMITS.payloadBytes} bytes encoded`,
    });
  }
  return bytes;
}

const HEX = /^(?:[0-9a-f]{2})*$/;

function fromHex(field: string, value: unknown): Uint8Array {
  if (typeof value !== "string" || !HEX.test(value)) broken(field, "must be lowercase hex");
  return new Uint8Array(Buffer.from(value, "hex"));
}

const DOC_KEYS = new Set([
  "mnemonic",
  "mnemonicPassphrase",
  "accountCount",
  "labels",
  "addressBook",
  "masternodeOperatorKeySeeds",
  "birthdayHeight",
  "extra",
]);

function decodeDocument(doc: unknown): WalletSecrets {
  if (!isPlainObject(doc)) broken("payload", "must be a JSON object");
  for (const key of Object.keys(doc)) if (!DOC_KEYS.has(key)) broken(key, "is not a payload field");
  const labels = new Map<string, string>();
  const labelPairs = doc.labels;
  if (!Array.isArray(labelPairs)) broken("labels", "must be an array of pairs");
  for (const pair of labelPairs) {
    if (!Array.isArray(pair) || pair.length !== 2) broken("labels", "must be an array of pairs");
    const [key, label] = pair as unknown[];
    if (typeof key !== "string" || labels.has(key)) broken("labels", "keys must be distinct strings");
    labels.set(key, label as string);
  }
  const book = doc.addressBook;
  if (!Array.isArray(book)) broken("addressBook", "must be an array");
  const seeds = doc.masternodeOperatorKeySeeds;
  if (!Array.isArray(seeds)) broken("masternodeOperatorKeySeeds", "must be an array");
  const height = doc.birthdayHeight;
  if (typeof height !== "string" || !/^(0|[1-9][0-9]{0,19})$/.test(height)) {
    broken("birthdayHeight", "must be a decimal string");
  }
  const secrets: WalletSecrets = {
    mnemonic: fromHex("mnemonic", doc.mnemonic),
    ...(doc.mnemonicPassphrase === undefined
      ? {}
      : { mnemonicPassphrase: fromHex("mnemonicPassphrase", doc.mnemonicPassphrase) }),
    accountCount: doc.accountCount as number,
    labels,
    addressBook: book.map((entry: unknown, i: number) => {
      if (!isPlainObject(entry)) broken(`addressBook[${i}]`, "must be an object");
      for (const key of Object.keys(entry)) {
        if (key !== "address" && key !== "label" && key !== "note")
          broken(`addressBook[${i}].${key}`, "unknown");
      }
      return entry as unknown as AddressBookEntry;
    }),
    masternodeOperatorKeySeeds: seeds.map((entry: unknown, i: number) => {
      if (!isPlainObject(entry)) broken(`masternodeOperatorKeySeeds[${i}]`, "must be an object");
      for (const key of Object.keys(entry)) {
        if (key !== "label" && key !== "seed") broken(`masternodeOperatorKeySeeds[${i}].${key}`, "unknown");
      }
      return {
        label: entry.label as string,
        seed: fromHex(`masternodeOperatorKeySeeds[${i}].seed`, entry.seed),
      };
    }),
    birthdayHeight: BigInt(height),
    extra: doc.extra as JsonObject,
  };
  try {
    checkSecretsValue(secrets);
  } catch (err) {
    wipeSecrets(secrets);
    throw err;
  }
  return secrets;
}

/**
 * Decodes a decrypted payload. A payload that is not a WalletSecrets document is KEYSTORE_MALFORMED with
 * reason "secrets" and the offending field. The caller wipes `plaintext`.
 */
export function decodeSecrets(plaintext: Uint8Array, path: string): WalletSecrets {
  try {
    let doc: unknown;
    try {
      doc = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(plaintext));
    } catch {
      broken("payload", "must be UTF-8 JSON");
    }
    return decodeDocument(doc);
  } catch (err) {
    if (!(err instanceof SecretsRuleBroken)) throw err;
    throw new KeystoreError("KEYSTORE_MALFORMED", `the keystore payload is not valid wallet secrets`, {
      path,
      reason: "secrets",
      field: err.field,
    });
  }
}

/** A deep copy whose byte arrays are new, so wiping one copy leaves the other intact. */
export function copySecrets(s: WalletSecrets): WalletSecrets {
  return {
    mnemonic: new Uint8Array(s.mnemonic),
    ...(s.mnemonicPassphrase === undefined
      ? {}
      : { mnemonicPassphrase: new Uint8Array(s.mnemonicPassphrase) }),
    accountCount: s.accountCount,
    labels: new Map(s.labels),
    addressBook: s.addressBook.map((e) => ({ ...e })),
    masternodeOperatorKeySeeds: s.masternodeOperatorKeySeeds.map((e) => ({
      label: e.label,
      seed: new Uint8Array(e.seed),
    })),
    birthdayHeight: s.birthdayHeight,
    extra: structuredClone(s.extra),
  };
}

/** Zeroes the byte arrays of `s` (the mnemonic, its passphrase, the operator key seeds). */
export function wipeSecrets(s: WalletSecrets): void {
  wipe(s.mnemonic, s.mnemonicPassphrase);
  for (const entry of s.masternodeOperatorKeySeeds) wipe(entry.seed);
}
