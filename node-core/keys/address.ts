// TIME addresses: "TIME" + network digit + Base58(payload20 ‖ checksum4), payload20 = first 20 bytes of
// SHA-256(public key), checksum4 = first 4 bytes of SHA-256(SHA-256(payload20)), Bitcoin alphabet. The
// checksum does not cover the digit, so parsing checks the digit against the active network separately.
import { base58 } from "@scure/base";
import { doubleSha256, sha256 } from "../crypto/index.js";
import type { NetworkName, NetworkParams } from "../params/index.js";
import { NETWORK_NAMES, networkParams } from "../params/index.js";
import type { AddressPayload, PublicKey } from "../types/index.js";
import { bytesEqual } from "../types/index.js";
import { AddressError } from "./errors.js";

export const ADDRESS_PREFIX = "TIME";
export const ADDRESS_PAYLOAD_BYTES = 20;
export const ADDRESS_CHECKSUM_BYTES = 4;
export type AddressDigit = NetworkParams["addressDigit"];
/** The active network, or just its address digit. */
export type AddressNetwork = NetworkParams | AddressDigit;

const BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
const DECODED_BYTES = ADDRESS_PAYLOAD_BYTES + ADDRESS_CHECKSUM_BYTES;
// 24 bytes never take more than 33 Base58 characters; the bound only keeps decoding of junk input cheap.
const MAX_BODY_CHARS = 64;

export interface DecodedAddress {
  readonly digit: AddressDigit;
  readonly payload: AddressPayload;
}

export type AddressCheck =
  | { readonly valid: true; readonly payload: AddressPayload }
  | { readonly valid: false; readonly code: AddressError["code"]; readonly message: string };

export function addressPayloadFromPublicKey(publicKey: PublicKey): AddressPayload {
  if (publicKey.length !== 32) {
    throw new AddressError(
      "ADDRESS_BAD_PUBLIC_KEY",
      `an ed25519 public key is 32 bytes, got ${publicKey.length}`,
      { length: publicKey.length },
    );
  }
  return sha256(publicKey).slice(0, ADDRESS_PAYLOAD_BYTES);
}

export function encodeAddress(payload: AddressPayload, network: AddressNetwork): string {
  if (payload.length !== ADDRESS_PAYLOAD_BYTES) {
    throw new AddressError(
      "ADDRESS_BAD_PAYLOAD",
      `an address payload is ${ADDRESS_PAYLOAD_BYTES} bytes, got ${payload.length}`,
      { length: payload.length },
    );
  }
  const body = new Uint8Array(DECODED_BYTES);
  body.set(payload, 0);
  body.set(checksumOf(payload), ADDRESS_PAYLOAD_BYTES);
  return `${ADDRESS_PREFIX}${digitOf(network)}${base58.encode(body)}`;
}

export function addressFromPublicKey(publicKey: PublicKey, network: AddressNetwork): string {
  return encodeAddress(addressPayloadFromPublicKey(publicKey), network);
}

/**
 * Parses an address of the active network and returns its 20-byte payload. The text must be exact (no
 * surrounding spaces); callers taking user input trim it first. Throws AddressError.
 */
export function parseAddress(text: string, network: AddressNetwork): AddressPayload {
  const decoded = decodeAddress(text);
  const expected = digitOf(network);
  if (decoded.digit !== expected) {
    const addressNetwork = networksLabel(decoded.digit);
    const expectedNetwork = typeof network === "string" ? networksLabel(network) : network.name;
    throw new AddressError(
      "ADDRESS_WRONG_NETWORK",
      `this is a ${addressNetwork} address (${ADDRESS_PREFIX}${decoded.digit}…) but the active network is ` +
        `${expectedNetwork}, whose addresses start with ${ADDRESS_PREFIX}${expected}`,
      { addressNetwork, expectedNetwork },
    );
  }
  return decoded.payload;
}

/** Parses an address of any network: checks prefix, alphabet, length and checksum, not the network. */
export function decodeAddress(text: string): DecodedAddress {
  const digit = text.charAt(ADDRESS_PREFIX.length);
  if (!text.startsWith(ADDRESS_PREFIX)) {
    const message = text.toUpperCase().startsWith(ADDRESS_PREFIX)
      ? `a TIME address starts with upper-case "${ADDRESS_PREFIX}"`
      : `a TIME address starts with "${ADDRESS_PREFIX}1" (mainnet) or "${ADDRESS_PREFIX}0" (testnet, devnet)`;
    throw new AddressError("ADDRESS_BAD_PREFIX", message, { position: 1 });
  }
  if (digit !== "0" && digit !== "1") {
    throw new AddressError(
      "ADDRESS_BAD_PREFIX",
      `the character after "${ADDRESS_PREFIX}" must be 1 (mainnet) or 0 (testnet, devnet)`,
      { position: ADDRESS_PREFIX.length + 1 },
    );
  }

  const bodyStart = ADDRESS_PREFIX.length + 1;
  const body = text.slice(bodyStart);
  let position = bodyStart;
  for (const ch of body) {
    position++;
    if (!BASE58_ALPHABET.includes(ch)) {
      const shown = /\s/u.test(ch) ? "a space" : `the character "${ch}"`;
      throw new AddressError(
        "ADDRESS_BAD_BASE58",
        `${shown} at position ${position} cannot appear in an address ` +
          "(addresses use Base58, which leaves out 0, O, I and l)",
        { position },
      );
    }
  }

  const decoded = body.length === 0 || body.length > MAX_BODY_CHARS ? undefined : base58.decode(body);
  if (decoded?.length !== DECODED_BYTES) {
    const tooShort = decoded === undefined ? body.length === 0 : decoded.length < DECODED_BYTES;
    const problem = tooShort
      ? "too short: a character may be missing"
      : "too long: there may be an extra character";
    throw new AddressError("ADDRESS_BAD_LENGTH", `the address is ${problem} (${text.length} characters)`, {
      length: text.length,
    });
  }

  const payload = decoded.slice(0, ADDRESS_PAYLOAD_BYTES);
  if (!bytesEqual(decoded.subarray(ADDRESS_PAYLOAD_BYTES), checksumOf(payload))) {
    throw new AddressError(
      "ADDRESS_BAD_CHECKSUM",
      "the address checksum does not match: a character is probably mistyped or two are swapped",
    );
  }
  return { digit, payload };
}

/** Non-throwing parseAddress for forms and the CLI. */
export function checkAddress(text: string, network: AddressNetwork): AddressCheck {
  try {
    return { valid: true, payload: parseAddress(text, network) };
  } catch (err) {
    if (err instanceof AddressError) return { valid: false, code: err.code, message: err.message };
    throw err;
  }
}

/** Networks whose addresses carry this digit ("1" → mainnet; "0" → testnet and devnet). */
export function networksForDigit(digit: AddressDigit): NetworkName[] {
  return NETWORK_NAMES.filter((name) => networkParams(name).addressDigit === digit);
}

function checksumOf(payload: Uint8Array): Uint8Array {
  return doubleSha256(payload).subarray(0, ADDRESS_CHECKSUM_BYTES);
}

function digitOf(network: AddressNetwork): AddressDigit {
  if (typeof network !== "string") return network.addressDigit;
  if (network !== "0" && network !== "1") {
    throw new AddressError("ADDRESS_BAD_PREFIX", `an address network digit is "0" or "1", got "${network}"`);
  }
  return network;
}

function networksLabel(digit: AddressDigit): string {
  return networksForDigit(digit).join("/");
}
