// Recipient parsing: a valid address of the active network gives its payload (surrounding spaces ignored);
// every other text gives SEND_BAD_ADDRESS naming the problem.
import { describe, expect, it } from "vitest";
import { encodeAddress } from "../../keys/index.js";
import { MAINNET, TESTNET } from "../../params/index.js";
import { type AddressProblem, SendError } from "./errors.js";
import { checkRecipient, parseRecipient } from "./recipient.js";
import { ALICE, NETWORK } from "./test-support.js";

const devnetAddress = encodeAddress(ALICE.address, NETWORK);

function problemOf(text: string, network = NETWORK): SendError<"SEND_BAD_ADDRESS"> {
  try {
    parseRecipient(text, network);
  } catch (err) {
    expect(err).toBeInstanceOf(SendError);
    expect((err as SendError).code).toBe("SEND_BAD_ADDRESS");
    return err as SendError<"SEND_BAD_ADDRESS">;
  }
  throw new Error(`"${text}" was accepted`);
}

/** The same address with the character at `i` (0-based) replaced by another Base58 character. */
function mistype(address: string, i: number): string {
  const replacement = address[i] === "2" ? "3" : "2";
  return address.slice(0, i) + replacement + address.slice(i + 1);
}

describe("parseRecipient", () => {
  it("returns the payload of an address of the active network, ignoring surrounding whitespace", () => {
    expect(parseRecipient(devnetAddress, NETWORK)).toEqual(ALICE.address);
    expect(parseRecipient(`  ${devnetAddress}\n`, NETWORK)).toEqual(ALICE.address);
    expect(parseRecipient(encodeAddress(ALICE.address, MAINNET), MAINNET)).toEqual(ALICE.address);
    // Testnet and devnet share the digit "0": a testnet address is valid on devnet.
    expect(parseRecipient(encodeAddress(ALICE.address, TESTNET), NETWORK)).toEqual(ALICE.address);
  });

  const cases: [string, () => string, AddressProblem, RegExp][] = [
    ["empty", () => "   ", "empty", /enter the recipient/],
    ["bad prefix", () => `XIME${devnetAddress.slice(4)}`, "bad-prefix", /starts with/],
    ["lower-case prefix", () => `time${devnetAddress.slice(4)}`, "bad-prefix", /upper-case/],
    ["bad digit", () => `TIME7${devnetAddress.slice(5)}`, "bad-prefix", /must be 1 \(mainnet\) or 0/],
    ["mainnet on devnet", () => encodeAddress(ALICE.address, MAINNET), "wrong-network", /mainnet address/],
    [
      "bad characters",
      () => `${devnetAddress.slice(0, 10)}0${devnetAddress.slice(11)}`,
      "bad-characters",
      /"0" at position 11/,
    ],
    [
      "space inside",
      () => `${devnetAddress.slice(0, 10)} ${devnetAddress.slice(10)}`,
      "bad-characters",
      /a space/,
    ],
    ["too short", () => devnetAddress.slice(0, -3), "wrong-length", /too short/],
    ["too long", () => `${devnetAddress}zzz`, "wrong-length", /too long/],
    ["mistyped character", () => mistype(devnetAddress, 12), "bad-checksum", /checksum does not match/],
  ];
  for (const [name, text, problem, message] of cases) {
    it(`refuses: ${name}`, () => {
      const error = problemOf(text());
      expect(error.payload.problem).toBe(problem);
      expect(error.message).toMatch(message);
    });
  }

  it("says which network a wrong-network address belongs to and which one is active", () => {
    const error = problemOf(encodeAddress(ALICE.address, MAINNET));
    expect(error.payload).toMatchObject({ addressNetwork: "mainnet", expectedNetwork: "devnet" });
    const onMainnet = problemOf(devnetAddress, MAINNET);
    expect(onMainnet.payload).toMatchObject({ addressNetwork: "testnet/devnet", expectedNetwork: "mainnet" });
  });

  it("checkRecipient reports instead of throwing", () => {
    expect(checkRecipient(devnetAddress, NETWORK)).toEqual({ valid: true, payload: ALICE.address });
    const check = checkRecipient(mistype(devnetAddress, 20), NETWORK);
    expect(check.valid).toBe(false);
    if (!check.valid) expect(check.error.payload.problem).toBe("bad-checksum");
    // Not a string at all (untyped callers): refused as empty, never a crash.
    expect(checkRecipient(undefined as unknown as string, NETWORK).valid).toBe(false);
  });
});
