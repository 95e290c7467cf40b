// AES-256-GCM as the keystore uses it (node:crypto): a 32-byte key, a 96-bit nonce, associated data, and
// the 16-byte tag appended to the ciphertext. `open` answers null on any authentication failure, so the
// caller decides what a failure means (a wrong password for the wrapped key, damage for the payload).
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

export const AES_KEY_BYTES = 32;
export const GCM_NONCE_BYTES = 12;
export const GCM_TAG_BYTES = 16;

/** A fresh random 96-bit nonce; the keystore draws one for every encryption. */
export function freshNonce(): Uint8Array {
  return new Uint8Array(randomBytes(GCM_NONCE_BYTES));
}

/** Encrypts `plaintext`; returns ciphertext ‖ tag. */
export function seal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array {
  const cipher = createCipheriv("aes-256-gcm", key, nonce, { authTagLength: GCM_TAG_BYTES });
  cipher.setAAD(aad);
  const head = cipher.update(plaintext);
  const tail = cipher.final();
  const tag = cipher.getAuthTag();
  const out = new Uint8Array(head.length + tail.length + tag.length);
  out.set(head, 0);
  out.set(tail, head.length);
  out.set(tag, head.length + tail.length);
  head.fill(0);
  return out;
}

/** Decrypts ciphertext ‖ tag; null when the tag does not verify (wrong key, or altered bytes or AAD). */
export function open(
  key: Uint8Array,
  nonce: Uint8Array,
  sealed: Uint8Array,
  aad: Uint8Array,
): Uint8Array | null {
  if (sealed.length < GCM_TAG_BYTES) return null;
  const decipher = createDecipheriv("aes-256-gcm", key, nonce, { authTagLength: GCM_TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(sealed.subarray(sealed.length - GCM_TAG_BYTES));
  const head = decipher.update(sealed.subarray(0, sealed.length - GCM_TAG_BYTES));
  try {
    const tail = decipher.final();
    const out = new Uint8Array(head.length + tail.length);
    out.set(head, 0);
    out.set(tail, head.length);
    return out;
  } catch {
    return null;
  } finally {
    head.fill(0);
  }
}
