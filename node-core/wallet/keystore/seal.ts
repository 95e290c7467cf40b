// The cryptography of a keystore file, without policy or files: the password key (Argon2id of the NFC
// password), the data key wrapped under it, the payload sealed under the data key, both bound to the header
// as associated data, and the two openings whose failures mean different things: the wrapped key failing
// is a wrong password (the file already passed its checksum), the payload failing is damage.
import { randomBytes } from "node:crypto";
import { AES_KEY_BYTES, freshNonce, open, seal } from "./aead.js";
import { KeystoreError } from "./errors.js";
import {
  encodeKeystoreFile,
  headerAad,
  type KeystoreDocument,
  type KeystoreHeader,
  SALT_BYTES,
  type SealedBox,
  WALLET_ID_BYTES,
} from "./format.js";
import type { Argon2Backend, KdfParams } from "./kdf.js";
import { MAX_PASSWORD_BYTES } from "./options.js";
import { decodeSecrets, encodeSecrets, type WalletSecrets } from "./secrets.js";
import { wipe } from "./wipe.js";

/** The bytes a password stands for: its UTF-8 after Unicode NFC, so every platform's keyboard agrees. */
export function passwordBytes(password: string): Uint8Array {
  return new TextEncoder().encode(password.normalize("NFC"));
}

/** Refuses an empty or over-long new password (KEYSTORE_BAD_PASSWORD); what it is is never reported. */
export function checkNewPassword(password: string): void {
  if (typeof password !== "string" || password.length === 0) {
    throw new KeystoreError("KEYSTORE_BAD_PASSWORD", "the password must not be empty", {
      reason: "empty",
      maxBytes: MAX_PASSWORD_BYTES,
    });
  }
  const bytes = passwordBytes(password);
  const length = bytes.length;
  wipe(bytes);
  if (length > MAX_PASSWORD_BYTES) {
    throw new KeystoreError(
      "KEYSTORE_BAD_PASSWORD",
      `the password must be at most ${MAX_PASSWORD_BYTES} bytes`,
      {
        reason: "too-long",
        maxBytes: MAX_PASSWORD_BYTES,
      },
    );
  }
}

/** A new wallet id: 16 random bytes in hex. */
export function newWalletId(): string {
  return randomBytes(WALLET_ID_BYTES).toString("hex");
}

/** A new random data key. */
export function newDataKey(): Uint8Array {
  return new Uint8Array(randomBytes(AES_KEY_BYTES));
}

/** A header for `walletId` with a fresh salt and `params`. */
export function newHeader(walletId: string, params: KdfParams): KeystoreHeader {
  return {
    walletId,
    kdf: {
      memoryKiB: params.memoryKiB,
      iterations: params.iterations,
      parallelism: params.parallelism,
      salt: new Uint8Array(randomBytes(SALT_BYTES)),
    },
  };
}

/** Argon2id(password, salt) with the header's parameters; the caller wipes the result. */
export async function derivePasswordKey(
  argon2: Argon2Backend,
  password: string,
  header: KeystoreHeader,
): Promise<Uint8Array> {
  const bytes = passwordBytes(password);
  try {
    return await argon2.derive(bytes, header.kdf.salt, header.kdf);
  } finally {
    wipe(bytes);
  }
}

/** The data key sealed under the password key, with a fresh nonce. */
export function wrapDataKey(passwordKey: Uint8Array, dataKey: Uint8Array, header: KeystoreHeader): SealedBox {
  const nonce = freshNonce();
  return { nonce, sealed: seal(passwordKey, nonce, dataKey, headerAad(header, "wrapped-key")) };
}

/** The data key, or null when the password key does not open it (a wrong password). */
export function unwrapDataKey(passwordKey: Uint8Array, doc: KeystoreDocument): Uint8Array | null {
  const key = open(
    passwordKey,
    doc.wrappedKey.nonce,
    doc.wrappedKey.sealed,
    headerAad(doc.header, "wrapped-key"),
  );
  if (key !== null && key.length !== AES_KEY_BYTES) {
    wipe(key);
    return null;
  }
  return key;
}

/** The secrets sealed under the data key, with a fresh nonce (KEYSTORE_BAD_SECRETS if they break a rule). */
export function sealPayload(dataKey: Uint8Array, header: KeystoreHeader, secrets: WalletSecrets): SealedBox {
  const plaintext = encodeSecrets(secrets);
  try {
    const nonce = freshNonce();
    return { nonce, sealed: seal(dataKey, nonce, plaintext, headerAad(header, "payload")) };
  } finally {
    wipe(plaintext);
  }
}

/** The secrets of a document whose data key opened; KEYSTORE_CORRUPTED (payload) or MALFORMED (secrets). */
export function openPayload(dataKey: Uint8Array, doc: KeystoreDocument, path: string): WalletSecrets {
  const plaintext = open(dataKey, doc.payload.nonce, doc.payload.sealed, headerAad(doc.header, "payload"));
  if (plaintext === null) {
    throw new KeystoreError(
      "KEYSTORE_CORRUPTED",
      "the keystore is corrupted: the encrypted payload fails its integrity check",
      {
        path,
        part: "payload",
      },
    );
  }
  try {
    return decodeSecrets(plaintext, path);
  } finally {
    wipe(plaintext);
  }
}

/**
 * Opens a decoded document with a password: derives the password key, unwraps the data key (a failure is
 * KEYSTORE_WRONG_PASSWORD), opens the payload. The caller owns and wipes the returned data key.
 */
export async function openDocument(
  argon2: Argon2Backend,
  doc: KeystoreDocument,
  password: string,
  path: string,
): Promise<{ readonly dataKey: Uint8Array; readonly secrets: WalletSecrets }> {
  const passwordKey = await derivePasswordKey(argon2, password, doc.header);
  let dataKey: Uint8Array | null;
  try {
    dataKey = unwrapDataKey(passwordKey, doc);
  } finally {
    wipe(passwordKey);
  }
  if (dataKey === null) {
    throw new KeystoreError("KEYSTORE_WRONG_PASSWORD", "the password is wrong", { path });
  }
  try {
    return { dataKey, secrets: openPayload(dataKey, doc, path) };
  } catch (err) {
    wipe(dataKey);
    throw err;
  }
}

/**
 * A whole new file for `secrets` under `password`: fresh data key, salt and nonces. Applies no policy (the
 * Keystore checks `params` first); tests use it to write files the policy would refuse.
 */
export async function sealNewKeystore(
  argon2: Argon2Backend,
  password: string,
  params: KdfParams,
  secrets: WalletSecrets,
  walletId = newWalletId(),
): Promise<{
  readonly bytes: Uint8Array;
  readonly document: KeystoreDocument;
  readonly dataKey: Uint8Array;
}> {
  const header = newHeader(walletId, params);
  const dataKey = newDataKey();
  try {
    const payload = sealPayload(dataKey, header, secrets);
    const passwordKey = await derivePasswordKey(argon2, password, header);
    let wrappedKey: SealedBox;
    try {
      wrappedKey = wrapDataKey(passwordKey, dataKey, header);
    } finally {
      wipe(passwordKey);
    }
    const document = { header, wrappedKey, payload };
    return { bytes: encodeKeystoreFile(document), document, dataKey };
  } catch (err) {
    wipe(dataKey);
    throw err;
  }
}
