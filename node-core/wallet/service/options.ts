// Options and modules of the wallet service: where the wallets live, the network, the idle auto-lock, how
// many addresses past the gap window a locked wallet keeps watching, and the Snowball polling interval.
import type { Clock } from "../../consensus/index.js";
import type { ChainView } from "../../db/index.js";
import type { TimeNode } from "../../node/index.js";
import type { NetworkParams } from "../../params/index.js";
import type { Logger } from "../../util/index.js";
import type { Keystore } from "../keystore/index.js";
import { WalletServiceError } from "./errors.js";

/** Idle time after which an unlocked wallet locks itself (every signing use restarts it): 5 minutes. */
export const DEFAULT_AUTO_LOCK_MS = 5 * 60_000;
/** Longest unlock walletpassphrase accepts (Bitcoin Core caps it at 2^30 s; a day is plenty here). */
export const MAX_UNLOCK_MS = 24 * 60 * 60_000;
/**
 * Addresses derived past the gap window of each chain at load. Every derivation level is hardened, so new
 * addresses need the private chain keys: a locked wallet (keys wiped) keeps recognising payments to these.
 */
export const DEFAULT_LOCKED_LOOKAHEAD = 200;
/** Snowball emits only final and rejected: the voting progress of pending sends is polled this often. */
export const DEFAULT_FINALITY_POLL_MS = 100;

export interface WalletServiceOptions {
  /** The wallets directory (`<datadir>/wallets`). */
  readonly dir: string;
  readonly network: NetworkParams;
  readonly autoLockMs?: number;
  readonly lockedLookahead?: number;
  readonly finalityPollMs?: number;
}

export interface ResolvedWalletServiceOptions {
  readonly dir: string;
  readonly network: NetworkParams;
  readonly autoLockMs: number;
  readonly lockedLookahead: number;
  readonly finalityPollMs: number;
}

export interface WalletServiceModules {
  /** Events (chain:block, snowball:*), services.mempool / chain / snowball, submitAndWait. */
  readonly node: TimeNode;
  /** The only door to the chain (read-only). */
  readonly view: ChainView;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Default: a Keystore with the default (strong) Argon2 parameters. */
  readonly keystore?: Keystore;
}

function intIn(option: string, value: number, min: number, max: number): number {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new WalletServiceError("WALLET_BAD_OPTIONS", `wallet option ${option} is out of range`, {
      option,
      actual: String(value),
    });
  }
  return value;
}

export function resolveWalletServiceOptions(opts: WalletServiceOptions): ResolvedWalletServiceOptions {
  if (typeof opts.dir !== "string" || opts.dir.length === 0) {
    throw new WalletServiceError("WALLET_BAD_OPTIONS", "the wallets directory must be a path", {
      option: "dir",
      actual: String(opts.dir),
    });
  }
  return {
    dir: opts.dir,
    network: opts.network,
    autoLockMs: intIn("autoLockMs", opts.autoLockMs ?? DEFAULT_AUTO_LOCK_MS, 1, MAX_UNLOCK_MS),
    lockedLookahead: intIn("lockedLookahead", opts.lockedLookahead ?? DEFAULT_LOCKED_LOOKAHEAD, 0, 100_000),
    finalityPollMs: intIn("finalityPollMs", opts.finalityPollMs ?? DEFAULT_FINALITY_POLL_MS, 10, 60_000),
  };
}
