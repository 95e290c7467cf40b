// HdAccount: one account m/44'/0'/account' of a BIP-39 seed, with its receive chain (change' = 0') and
// change chain (change' = 1'). It derives addresses on demand and keeps `gapLimit` unused ones derived past
// the last used one on each chain, so whoever scans blocks (the tracker, the restore scan) recognises every
// payload a restore must find. Only the two chain-level extended keys stay in memory: an address keeps its
// public key and payload, and a signing key is derived again when asked for and belongs to the caller,
// who wipes it after signing. wipe() zeroes the chain keys.
import {
  addressFromPublicKey,
  addressPayloadFromPublicKey,
  deriveExtendedKey,
  deriveHardenedChild,
  type ExtendedKey,
  mnemonicToSeed,
  WALLET_COIN_TYPE,
  WALLET_PURPOSE,
  walletPath,
  withPublicKey,
} from "../../keys/index.js";
import type { AddressPayload, PublicKey } from "../../types/index.js";
import { toHex } from "../../types/index.js";
import { AccountError } from "./errors.js";
import { type HdAccountOptions, type ResolvedHdAccountOptions, resolveHdAccountOptions } from "./options.js";

/** The two chains of an account: receive (change' = 0', the only one the existing wallets use) and change. */
export type AddressChain = "receive" | "change";
export const ADDRESS_CHAINS: readonly AddressChain[] = ["receive", "change"];
const CHAIN_LEVEL: Readonly<Record<AddressChain, number>> = { receive: 0, change: 1 };

/** A BIP-39 seed is 64 bytes (PBKDF2-HMAC-SHA512 output). */
export const BIP39_SEED_BYTES = 64;

export interface AddressPosition {
  readonly chain: AddressChain;
  readonly index: number;
}

export interface DerivedAddress extends AddressPosition {
  /** The TIME address text for the account's network. */
  readonly address: string;
  readonly payload: AddressPayload;
  /** Lowercase hex of the payload: the key of every lookup. */
  readonly payloadHex: string;
  readonly publicKey: PublicKey;
  /** m/44'/0'/account'/change'/index' */
  readonly path: string;
}

/** The key that signs for one owned address: the caller owns these bytes and wipes `seed` after use. */
export interface SigningKey {
  /** 32-byte ed25519 private seed. */
  readonly seed: Uint8Array;
  readonly publicKey: PublicKey;
}

/** Indices marked used on each chain: all an account needs to rebuild its window (no key material). */
export interface UsedIndices {
  readonly receive: readonly number[];
  readonly change: readonly number[];
}

/** What markUsed did: the position of the payload and the addresses it newly derived (to start watching). */
export interface MarkUsedResult extends AddressPosition {
  readonly derived: readonly DerivedAddress[];
}

interface ChainState {
  key: ExtendedKey;
  readonly addresses: DerivedAddress[];
  readonly used: Set<number>;
  highestUsed: number;
}

export class HdAccount {
  readonly account: number;
  readonly gapLimit: number;
  private readonly opts: ResolvedHdAccountOptions;
  private readonly chains: Record<AddressChain, ChainState>;
  private readonly byPayload = new Map<string, DerivedAddress>();
  private wiped = false;
  /** The highest receive index handed out by issueReceiveAddress (-1: none yet). */
  private lastIssued = -1;

  /** `secrets.seed` is the 64-byte BIP-39 seed; it is not kept (only the two chain keys derived from it). */
  constructor(opts: HdAccountOptions, secrets: { readonly seed: Uint8Array }) {
    this.opts = resolveHdAccountOptions(opts);
    this.account = this.opts.account;
    this.gapLimit = this.opts.gapLimit;
    const { seed } = secrets;
    if (!(seed instanceof Uint8Array) || seed.length !== BIP39_SEED_BYTES) {
      throw new AccountError(
        "ACCOUNT_BAD_SEED",
        `an account needs the ${BIP39_SEED_BYTES}-byte BIP-39 seed`,
        {
          length: seed instanceof Uint8Array ? seed.length : -1,
        },
      );
    }
    const accountKey = deriveExtendedKey(seed, [WALLET_PURPOSE, WALLET_COIN_TYPE, this.account]);
    const chainState = (chain: AddressChain): ChainState => ({
      key: deriveHardenedChild(accountKey, CHAIN_LEVEL[chain]),
      addresses: [],
      used: new Set(),
      highestUsed: -1,
    });
    this.chains = { receive: chainState("receive"), change: chainState("change") };
    accountKey.privateKey.fill(0);
    accountKey.chainCode.fill(0);
    for (const chain of ADDRESS_CHAINS) this.fillWindow(chain);
  }

  /** An account from a mnemonic (and optional BIP-39 passphrase); the seed is zeroed once derived from. */
  static fromMnemonic(mnemonic: string, passphrase: string, opts: HdAccountOptions): HdAccount {
    const seed = mnemonicToSeed(mnemonic, passphrase);
    try {
      return new HdAccount(opts, { seed });
    } finally {
      seed.fill(0);
    }
  }

  get network(): ResolvedHdAccountOptions["network"] {
    return this.opts.network;
  }

  /** Whether wipe() ran: nothing can be derived or signed any more (lookups still answer). */
  get isWiped(): boolean {
    return this.wiped;
  }

  /** The address at (chain, index), deriving it (and any before it) when needed. */
  address(chain: AddressChain, index: number): DerivedAddress {
    checkIndex(index);
    this.deriveUpTo(chain, index);
    return this.chains[chain].addresses[index] as DerivedAddress;
  }

  /** Every derived address of a chain, index order: the used ones and the gap window past them. */
  addresses(chain: AddressChain): readonly DerivedAddress[] {
    return [...this.chains[chain].addresses];
  }

  derivedCount(chain: AddressChain): number {
    return this.chains[chain].addresses.length;
  }

  /** Highest index marked used on the chain, or -1. */
  highestUsed(chain: AddressChain): number {
    return this.chains[chain].highestUsed;
  }

  usedIndices(): UsedIndices {
    const sorted = (chain: AddressChain) => [...this.chains[chain].used].sort((a, b) => a - b);
    return { receive: sorted("receive"), change: sorted("change") };
  }

  /** Where a payload (bytes or lowercase hex) sits, if it is a derived address of this account. */
  lookup(payload: AddressPayload | string): DerivedAddress | undefined {
    return this.byPayload.get(typeof payload === "string" ? payload : toHex(payload));
  }

  owns(payload: AddressPayload | string): boolean {
    return this.lookup(payload) !== undefined;
  }

  /**
   * The "new address" button: the lowest receive index not used yet. It stays the same until something
   * pays it, so repeated clicks never walk past the gap limit a restore scans.
   */
  nextReceiveAddress(): DerivedAddress {
    const state = this.chains.receive;
    let index = 0;
    while (state.used.has(index)) index++;
    return this.address("receive", index);
  }

  /**
   * A receive address not handed out before (getnewaddress, "New address"): the next unused index after the
   * last one issued, so two payers get two addresses. It never goes past `gapLimit` beyond the highest used
   * index, where a restore from the words would stop looking: there it starts again from the lowest unused
   * one (an address reused beats funds a restore cannot find).
   */
  issueReceiveAddress(): DerivedAddress {
    const state = this.chains.receive;
    let index = this.lastIssued + 1;
    if (index >= state.highestUsed + 1 + this.gapLimit) index = 0;
    while (state.used.has(index)) index++;
    this.lastIssued = index;
    return this.address("receive", index);
  }

  /**
   * Marks an owned payload used and extends its chain's window to `gapLimit` past the highest used index.
   * Returns null for a payload this account has not derived.
   */
  markUsed(payload: AddressPayload | string): MarkUsedResult | null {
    const found = this.lookup(payload);
    if (found === undefined) return null;
    return { chain: found.chain, index: found.index, derived: this.markIndexUsed(found.chain, found.index) };
  }

  /** Marks (chain, index) used, deriving up to it; returns the addresses newly derived. */
  markIndexUsed(chain: AddressChain, index: number): DerivedAddress[] {
    checkIndex(index);
    const state = this.chains[chain];
    const before = state.addresses.length;
    state.used.add(index);
    if (index > state.highestUsed) state.highestUsed = index;
    this.fillWindow(chain);
    return state.addresses.slice(before);
  }

  /** Marks every index of `used` (a checkpoint's or a saved wallet's) and extends the windows. */
  restoreUsed(used: UsedIndices): void {
    for (const chain of ADDRESS_CHAINS) for (const index of used[chain]) this.markIndexUsed(chain, index);
  }

  /** The signing key of an owned payload (fresh bytes: the caller wipes `seed` after signing). */
  signingKey(payload: AddressPayload | string): SigningKey {
    const found = this.lookup(payload);
    if (found === undefined) {
      throw new AccountError("ACCOUNT_NOT_OWNED", "this address does not belong to the account", {
        payload: typeof payload === "string" ? payload : toHex(payload),
      });
    }
    const key = this.childKey(found.chain, found.index);
    key.chainCode.fill(0);
    return { seed: key.privateKey, publicKey: found.publicKey };
  }

  /** Zeroes the chain keys; derivation and signing throw ACCOUNT_WIPED from now on. */
  wipe(): void {
    for (const chain of ADDRESS_CHAINS) {
      const { key } = this.chains[chain];
      key.privateKey.fill(0);
      key.chainCode.fill(0);
    }
    this.wiped = true;
  }

  /**
   * Takes `from`'s addresses of `chain` up to `last` (deriving them there): a wiped watching account grows
   * its window from the signing account of the same seed, while unlocked, without holding keys itself.
   * Throws ACCOUNT_BAD_SEED when `from` is another account or seed.
   */
  adoptAddresses(from: HdAccount, chain: AddressChain, last: number): number {
    checkIndex(last);
    if (
      from.account !== this.account ||
      from.address("receive", 0).payloadHex !== this.receiveFingerprint()
    ) {
      throw new AccountError("ACCOUNT_OTHER_SEED", "the addresses come from another account or seed", {
        account: this.account,
      });
    }
    const state = this.chains[chain];
    const before = state.addresses.length;
    for (let index = before; index <= last; index++) {
      const derived = from.address(chain, index);
      state.addresses.push(derived);
      this.byPayload.set(derived.payloadHex, derived);
    }
    return state.addresses.length - before;
  }

  /**
   * Addresses derived past the gap window of `chain` (derived count - highest used - 1 - gap limit): below
   * zero, the window is short (a wiped account cannot derive the rest).
   */
  spareAddresses(chain: AddressChain, highestUsed = this.chains[chain].highestUsed): number {
    return this.chains[chain].addresses.length - 1 - (highestUsed + this.gapLimit);
  }

  private receiveFingerprint(): string | undefined {
    return this.chains.receive.addresses[0]?.payloadHex;
  }

  private fillWindow(chain: AddressChain): void {
    const state = this.chains[chain];
    // A wiped (watching) account keeps what it has: a short window is the tracker's to report
    // (spareAddresses), never a failure in the middle of applying a block.
    if (this.wiped) return;
    this.deriveUpTo(chain, state.highestUsed + this.gapLimit);
  }

  private deriveUpTo(chain: AddressChain, last: number): void {
    const state = this.chains[chain];
    while (state.addresses.length <= last) {
      const index = state.addresses.length;
      const key = this.childKey(chain, index);
      const { publicKey } = withPublicKey(key);
      key.privateKey.fill(0);
      key.chainCode.fill(0);
      const payload = addressPayloadFromPublicKey(publicKey);
      const derived: DerivedAddress = {
        chain,
        index,
        address: addressFromPublicKey(publicKey, this.opts.network),
        payload,
        payloadHex: toHex(payload),
        publicKey,
        path: walletPath(this.account, CHAIN_LEVEL[chain], index),
      };
      state.addresses.push(derived);
      this.byPayload.set(derived.payloadHex, derived);
    }
  }

  private childKey(chain: AddressChain, index: number): ExtendedKey {
    if (this.wiped) {
      throw new AccountError("ACCOUNT_WIPED", "the account's keys were wiped; open the wallet again", {
        account: this.account,
      });
    }
    return deriveHardenedChild(this.chains[chain].key, index);
  }
}

function checkIndex(index: number): void {
  // Hardened indices stop at 2^31 - 1; deriveHardenedChild reports the exact bound.
  if (!Number.isInteger(index) || index < 0) {
    throw new AccountError("ACCOUNT_BAD_OPTIONS", "an address index is a non-negative integer", {
      option: "index",
      actual: String(index),
    });
  }
}
