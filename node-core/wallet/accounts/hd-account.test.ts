// HdAccount: the foundation issue's derivation vectors (the BIP-39 "abandon … about" mnemonic gives the
// pinned TIME addresses), every address equal to a direct walk of m/44'/0'/account'/change'/index', the gap
// window on both chains, the "new address" rule, signing keys that sign for their address, wipe() and the
// refusals. No test prints key material.
import { describe, expect, it } from "vitest";
import { sign, verify } from "../../crypto/index.js";
import { addressFromPublicKey, derivePath, mnemonicToSeed, walletPath } from "../../keys/index.js";
import { MAINNET, TESTNET } from "../../params/index.js";
import { toHex } from "../../types/index.js";
import { AccountError } from "./errors.js";
import { HdAccount } from "./hd-account.js";
import { DEFAULT_GAP_LIMIT } from "./options.js";

const ABANDON_12 =
  "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof AccountError) return err.code;
    throw err;
  }
  throw new Error("expected an AccountError");
}

describe("derivation", () => {
  it("gives the pinned receive addresses of the 'abandon … about' mnemonic (the existing wallets' vectors)", () => {
    const account = HdAccount.fromMnemonic(ABANDON_12, "", { network: MAINNET });
    const first = account.address("receive", 0);
    expect(toHex(first.publicKey)).toBe("7c2e79f3a1701fb2a86a2c24a3fdf8634b7aad80886c0c0a526d44d23fe8e19a");
    expect(first.address).toBe("TIME1AXFLiWUT5wLFBTLuF4Nw4SkeUt2zaBtRh");
    expect(first.path).toBe("m/44'/0'/0'/0'/0'");
    expect(account.address("receive", 1).address).toBe("TIME133HfsePpKSiryPMfVkFbfgGWXqePvAFn9");
    const testnet = HdAccount.fromMnemonic(ABANDON_12, "", { network: TESTNET });
    expect(testnet.address("receive", 0).address).toBe("TIME0AXFLiWUT5wLFBTLuF4Nw4SkeUt2zaBtRh");
  });

  it("matches a direct path walk on both chains and for another account and a passphrase", () => {
    for (const [accountIndex, passphrase] of [
      [0, ""],
      [3, "a passphrase"],
    ] as const) {
      const seed = mnemonicToSeed(ABANDON_12, passphrase);
      const account = new HdAccount({ network: MAINNET, account: accountIndex }, { seed });
      for (const [chain, level] of [
        ["receive", 0],
        ["change", 1],
      ] as const) {
        for (const index of [0, 1, 19, 57]) {
          const direct = derivePath(seed, walletPath(accountIndex, level, index));
          const derived = account.address(chain, index);
          expect(derived.address).toBe(addressFromPublicKey(direct.publicKey, MAINNET));
          expect(derived.path).toBe(walletPath(accountIndex, level, index));
          expect(account.lookup(derived.payload)).toBe(derived);
          expect(account.lookup(derived.payloadHex)).toBe(derived);
        }
      }
    }
  });

  it("a passphrase gives other addresses than none", () => {
    const plain = HdAccount.fromMnemonic(ABANDON_12, "", { network: MAINNET });
    const withPass = HdAccount.fromMnemonic(ABANDON_12, "x", { network: MAINNET });
    expect(withPass.address("receive", 0).address).not.toBe(plain.address("receive", 0).address);
  });
});

describe("gap window", () => {
  it("derives gapLimit addresses on each chain up front and extends past the highest used index", () => {
    const account = HdAccount.fromMnemonic(ABANDON_12, "", { network: MAINNET });
    expect(account.derivedCount("receive")).toBe(DEFAULT_GAP_LIMIT);
    expect(account.derivedCount("change")).toBe(DEFAULT_GAP_LIMIT);
    const at19 = account.address("receive", 19);
    const marked = account.markUsed(at19.payload);
    expect(marked?.chain).toBe("receive");
    expect(marked?.index).toBe(19);
    expect(marked?.derived.map((d) => d.index)).toEqual(Array.from({ length: 20 }, (_, i) => 20 + i));
    expect(account.derivedCount("receive")).toBe(40);
    expect(account.derivedCount("change")).toBe(20);
    // Marking a lower index extends nothing.
    expect(account.markUsed(account.address("receive", 3).payload)?.derived).toEqual([]);
    const change = account.markUsed(account.address("change", 5).payloadHex);
    expect(change?.derived.length).toBe(6);
    expect(account.derivedCount("change")).toBe(26);
    expect(account.usedIndices()).toEqual({ receive: [3, 19], change: [5] });
    expect(account.highestUsed("receive")).toBe(19);
  });

  it("an address past the window is unknown until the window reaches it", () => {
    const account = HdAccount.fromMnemonic(ABANDON_12, "", { network: MAINNET, gapLimit: 5 });
    const other = HdAccount.fromMnemonic(ABANDON_12, "", { network: MAINNET, gapLimit: 5 });
    const far = other.address("receive", 9);
    expect(account.owns(far.payload)).toBe(false);
    expect(account.markUsed(far.payload)).toBeNull();
    account.markUsed(account.address("receive", 4).payload);
    expect(account.owns(far.payload)).toBe(true);
  });

  it("restoreUsed rebuilds the same window", () => {
    const a = HdAccount.fromMnemonic(ABANDON_12, "", { network: MAINNET });
    a.markIndexUsed("receive", 30);
    a.markIndexUsed("change", 2);
    const b = HdAccount.fromMnemonic(ABANDON_12, "", { network: MAINNET });
    b.restoreUsed(a.usedIndices());
    expect(b.addresses("receive").map((d) => d.address)).toEqual(
      a.addresses("receive").map((d) => d.address),
    );
    expect(b.derivedCount("change")).toBe(a.derivedCount("change"));
  });

  it("issueReceiveAddress hands out a new unused index each time, within the gap limit", () => {
    const account = HdAccount.fromMnemonic(ABANDON_12, "", { network: MAINNET, gapLimit: 3 });
    expect([0, 1, 2].map(() => account.issueReceiveAddress().index)).toEqual([0, 1, 2]);
    // Past the gap limit a restore would not look: back to the lowest unused.
    expect(account.issueReceiveAddress().index).toBe(0);
    account.markUsed(account.address("receive", 1).payload);
    // Index 1 is used, so a restore looks up to index 4 (highest used 1 + gap 3).
    expect([0, 1, 2, 3].map(() => account.issueReceiveAddress().index)).toEqual([2, 3, 4, 0]);
  });

  it("nextReceiveAddress is the lowest unused receive index and stays put until paid", () => {
    const account = HdAccount.fromMnemonic(ABANDON_12, "", { network: MAINNET });
    expect(account.nextReceiveAddress().index).toBe(0);
    expect(account.nextReceiveAddress().index).toBe(0);
    account.markUsed(account.address("receive", 0).payload);
    account.markUsed(account.address("receive", 2).payload);
    expect(account.nextReceiveAddress().index).toBe(1);
    account.markUsed(account.address("receive", 1).payload);
    expect(account.nextReceiveAddress().index).toBe(3);
  });
});

describe("signing keys and wiping", () => {
  it("the signing key of an owned address signs for its public key", () => {
    const account = HdAccount.fromMnemonic(ABANDON_12, "", { network: MAINNET });
    const target = account.address("change", 7);
    const key = account.signingKey(target.payload);
    expect(toHex(key.publicKey)).toBe(toHex(target.publicKey));
    const message = new Uint8Array([1, 2, 3]);
    expect(verify(target.publicKey, message, sign(key.seed, message))).toBe(true);
    key.seed.fill(0);
    // The caller's wipe does not reach the account: a second key is whole.
    const again = account.signingKey(target.payload);
    expect(again.seed.some((b) => b !== 0)).toBe(true);
  });

  it("refuses a key for a payload it does not own, without printing any key", () => {
    const account = HdAccount.fromMnemonic(ABANDON_12, "", { network: MAINNET });
    expect(codeOf(() => account.signingKey(new Uint8Array(20)))).toBe("ACCOUNT_NOT_OWNED");
  });

  it("wipe() zeroes the chain keys; lookups still answer, derivation and signing refuse", () => {
    const account = HdAccount.fromMnemonic(ABANDON_12, "", { network: MAINNET });
    const first = account.address("receive", 0);
    account.wipe();
    expect(account.isWiped).toBe(true);
    const chains = (account as unknown as { chains: Record<string, { key: { privateKey: Uint8Array } }> })
      .chains;
    for (const state of Object.values(chains)) expect(state.key.privateKey.every((b) => b === 0)).toBe(true);
    expect(account.owns(first.payload)).toBe(true);
    expect(codeOf(() => account.signingKey(first.payload))).toBe("ACCOUNT_WIPED");
    expect(codeOf(() => account.address("receive", 500))).toBe("ACCOUNT_WIPED");
  });

  it("refuses bad seeds and options with codes", () => {
    expect(codeOf(() => new HdAccount({ network: MAINNET }, { seed: new Uint8Array(32) }))).toBe(
      "ACCOUNT_BAD_SEED",
    );
    const seed = new Uint8Array(64).fill(7);
    expect(codeOf(() => new HdAccount({ network: MAINNET, gapLimit: 0 }, { seed }))).toBe(
      "ACCOUNT_BAD_OPTIONS",
    );
    expect(codeOf(() => new HdAccount({ network: MAINNET, account: -1 }, { seed }))).toBe(
      "ACCOUNT_BAD_OPTIONS",
    );
    expect(codeOf(() => new HdAccount({ network: MAINNET, account: 2 ** 31 }, { seed }))).toBe(
      "ACCOUNT_BAD_OPTIONS",
    );
    const account = new HdAccount({ network: MAINNET }, { seed });
    expect(codeOf(() => account.address("receive", -1))).toBe("ACCOUNT_BAD_OPTIONS");
    expect(codeOf(() => account.address("receive", 1.5))).toBe("ACCOUNT_BAD_OPTIONS");
  });
});
