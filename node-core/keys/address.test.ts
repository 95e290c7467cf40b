// TIME addresses: encoding checked against an independent BigInt Base58 and node:crypto SHA-256, every parse
// error code, the network digit rule, and properties: encode→parse round-trips any payload and no
// single-character edit of a valid address is ever accepted.
import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEVNET, MAINNET, TESTNET } from "../params/network.js";
import { toHex } from "../types/bytes.js";
import {
  addressFromPublicKey,
  addressPayloadFromPublicKey,
  checkAddress,
  decodeAddress,
  encodeAddress,
  networksForDigit,
  parseAddress,
} from "./address.js";
import { AddressError } from "./errors.js";
import { mnemonicToSeed } from "./mnemonic.js";
import { derivePath, walletPath } from "./slip10.js";

const ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

function sha(data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash("sha256").update(data).digest());
}

// Textbook Base58 (Bitcoin): big-endian number in base 58, one "1" per leading zero byte.
function referenceBase58(bytes: Uint8Array): string {
  let n = 0n;
  for (const b of bytes) n = n * 256n + BigInt(b);
  let out = "";
  while (n > 0n) {
    out = ALPHABET[Number(n % 58n)] + out;
    n /= 58n;
  }
  for (const b of bytes) {
    if (b !== 0) break;
    out = `1${out}`;
  }
  return out;
}

function referenceAddress(payload: Uint8Array, digit: string): string {
  const checksum = sha(sha(payload)).slice(0, 4);
  const body = new Uint8Array(24);
  body.set(payload);
  body.set(checksum, 20);
  return `TIME${digit}${referenceBase58(body)}`;
}

function errorOf(fn: () => unknown): AddressError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AddressError) return err;
    throw err;
  }
  throw new Error("expected an AddressError");
}

const payloadArb = fc.uint8Array({ minLength: 20, maxLength: 20 });
const ABANDON_12 =
  "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";

describe("encoding", () => {
  it("matches an independent SHA-256 + Base58 construction for any payload", () => {
    fc.assert(
      fc.property(payloadArb, fc.constantFrom(MAINNET, TESTNET, DEVNET), (payload, net) => {
        expect(encodeAddress(payload, net)).toBe(referenceAddress(payload, net.addressDigit));
        expect(encodeAddress(payload, net.addressDigit)).toBe(encodeAddress(payload, net));
      }),
      { numRuns: 500 },
    );
  });

  it("payload is the first 20 bytes of SHA-256(public key)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (pk) => {
        expect(toHex(addressPayloadFromPublicKey(pk))).toBe(toHex(sha(pk).slice(0, 20)));
      }),
    );
  });

  it("pins the receive addresses of the BIP-39 'abandon … about' mnemonic (regression vector)", () => {
    const seed = mnemonicToSeed(ABANDON_12);
    const key0 = derivePath(seed, walletPath(0, 0, 0));
    expect(toHex(key0.publicKey)).toBe("7c2e79f3a1701fb2a86a2c24a3fdf8634b7aad80886c0c0a526d44d23fe8e19a");
    expect(addressFromPublicKey(key0.publicKey, MAINNET)).toBe("TIME1AXFLiWUT5wLFBTLuF4Nw4SkeUt2zaBtRh");
    expect(addressFromPublicKey(key0.publicKey, TESTNET)).toBe("TIME0AXFLiWUT5wLFBTLuF4Nw4SkeUt2zaBtRh");
    const key1 = derivePath(seed, walletPath(0, 0, 1));
    expect(addressFromPublicKey(key1.publicKey, MAINNET)).toBe("TIME133HfsePpKSiryPMfVkFbfgGWXqePvAFn9");
  });

  it("encodes leading zero bytes as leading 1s and round-trips them", () => {
    const zeros = new Uint8Array(20);
    const address = encodeAddress(zeros, MAINNET);
    expect(address.startsWith("TIME11")).toBe(true);
    expect(toHex(parseAddress(address, MAINNET))).toBe(toHex(zeros));
  });

  it("refuses payloads that are not 20 bytes and public keys that are not 32", () => {
    expect(errorOf(() => encodeAddress(new Uint8Array(19), MAINNET)).code).toBe("ADDRESS_BAD_PAYLOAD");
    expect(errorOf(() => encodeAddress(new Uint8Array(21), MAINNET)).code).toBe("ADDRESS_BAD_PAYLOAD");
    expect(errorOf(() => addressPayloadFromPublicKey(new Uint8Array(33))).code).toBe(
      "ADDRESS_BAD_PUBLIC_KEY",
    );
  });
});

describe("parsing", () => {
  const payload = Uint8Array.from({ length: 20 }, (_, i) => i * 13 + 7);
  const mainnet = encodeAddress(payload, MAINNET);
  const testnet = encodeAddress(payload, TESTNET);

  it("round-trips any payload on every network", () => {
    fc.assert(
      fc.property(payloadArb, fc.constantFrom(MAINNET, TESTNET, DEVNET), (p, net) => {
        const text = encodeAddress(p, net);
        expect(toHex(parseAddress(text, net))).toBe(toHex(p));
        const decoded = decodeAddress(text);
        expect(decoded.digit).toBe(net.addressDigit);
        expect(toHex(decoded.payload)).toBe(toHex(p));
      }),
      { numRuns: 500 },
    );
  });

  it("accepts TIME0 on testnet and devnet, TIME1 on mainnet", () => {
    expect(toHex(parseAddress(testnet, TESTNET))).toBe(toHex(payload));
    expect(toHex(parseAddress(testnet, DEVNET))).toBe(toHex(payload));
    expect(toHex(parseAddress(mainnet, "1"))).toBe(toHex(payload));
    expect(networksForDigit("1")).toEqual(["mainnet"]);
    expect(networksForDigit("0")).toEqual(["testnet", "devnet"]);
  });

  it("ADDRESS_WRONG_NETWORK names both networks", () => {
    const err = errorOf(() => parseAddress(mainnet, TESTNET));
    expect(err.code).toBe("ADDRESS_WRONG_NETWORK");
    expect(err.message).toContain("mainnet address");
    expect(err.message).toContain("testnet");
    expect(errorOf(() => parseAddress(testnet, MAINNET)).message).toContain("testnet/devnet address");
    expect(errorOf(() => parseAddress(testnet, "1")).code).toBe("ADDRESS_WRONG_NETWORK");
  });

  it("ADDRESS_BAD_PREFIX when the text does not start with TIME0 or TIME1", () => {
    for (const bad of [
      "",
      "TIM",
      "TIME",
      "BTC1abc",
      ` ${mainnet}`,
      mainnet.toLowerCase(),
      `TIME2${mainnet.slice(5)}`,
    ]) {
      expect(errorOf(() => parseAddress(bad, MAINNET)).code, bad).toBe("ADDRESS_BAD_PREFIX");
    }
    expect(errorOf(() => parseAddress(mainnet.toLowerCase(), MAINNET)).message).toContain("upper-case");
  });

  it("ADDRESS_BAD_BASE58 points at the offending character", () => {
    const withZero = `${mainnet.slice(0, 10)}0${mainnet.slice(11)}`;
    const err = errorOf(() => parseAddress(withZero, MAINNET));
    expect(err.code).toBe("ADDRESS_BAD_BASE58");
    expect(err.payload.position).toBe(11);
    expect(err.message).toContain("position 11");
    for (const ch of ["O", "I", "l", "+", "é", " "]) {
      expect(errorOf(() => parseAddress(`${mainnet}${ch}`, MAINNET)).code, ch).toBe("ADDRESS_BAD_BASE58");
    }
    expect(errorOf(() => parseAddress(`${mainnet}\n`, MAINNET)).message).toContain("a space");
  });

  it("ADDRESS_BAD_LENGTH when the body does not decode to 24 bytes", () => {
    for (const bad of [
      "TIME1",
      mainnet.slice(0, -1),
      mainnet.slice(0, 20),
      `${mainnet}z`,
      `TIME1${"z".repeat(500)}`,
    ]) {
      expect(errorOf(() => parseAddress(bad, MAINNET)).code, bad).toBe("ADDRESS_BAD_LENGTH");
    }
    expect(errorOf(() => parseAddress(mainnet.slice(0, -1), MAINNET)).message).toContain("too short");
    expect(errorOf(() => parseAddress(`${mainnet}z`, MAINNET)).message).toContain("too long");
  });

  it("ADDRESS_BAD_CHECKSUM for a mistyped character", () => {
    const last = mainnet.at(-1) === "z" ? "y" : "z";
    const err = errorOf(() => parseAddress(`${mainnet.slice(0, -1)}${last}`, MAINNET));
    expect(err.code).toBe("ADDRESS_BAD_CHECKSUM");
    expect(err.message).toMatch(/checksum/);
  });

  it("checkAddress reports without throwing", () => {
    const ok = checkAddress(mainnet, MAINNET);
    expect(ok.valid).toBe(true);
    if (ok.valid) expect(toHex(ok.payload)).toBe(toHex(payload));
    const bad = checkAddress(mainnet, DEVNET);
    expect(bad).toMatchObject({ valid: false, code: "ADDRESS_WRONG_NETWORK" });
    if (!bad.valid) expect(bad.message.length).toBeGreaterThan(20);
  });
});

describe("no single-character edit is accepted", () => {
  const charArb = fc.constantFrom(...`${ALPHABET}0OIl T`.split(""));
  const net = fc.constantFrom(MAINNET, TESTNET);

  it("substitution", () => {
    fc.assert(
      fc.property(payloadArb, net, fc.nat(), charArb, (payload, params, at, ch) => {
        const address = encodeAddress(payload, params);
        const i = at % address.length;
        fc.pre(address[i] !== ch);
        const edited = address.slice(0, i) + ch + address.slice(i + 1);
        expect(checkAddress(edited, params).valid).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });

  it("insertion and deletion", () => {
    fc.assert(
      fc.property(payloadArb, net, fc.nat(), charArb, (payload, params, at, ch) => {
        const address = encodeAddress(payload, params);
        const i = at % (address.length + 1);
        const inserted = address.slice(0, i) + ch + address.slice(i);
        expect(checkAddress(inserted, params).valid).toBe(false);
        const j = at % address.length;
        const deleted = address.slice(0, j) + address.slice(j + 1);
        expect(checkAddress(deleted, params).valid).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });
});
