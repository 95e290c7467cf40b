// Options of an HD account: which account of the seed, which network its addresses are written for, and the
// gap limit (how many unused addresses past the last used one are derived and watched on each chain).
import type { AddressNetwork } from "../../keys/index.js";
import { MAX_PATH_INDEX } from "../../keys/index.js";
import { AccountError } from "./errors.js";

/** BIP-44's gap limit, which the existing TIME wallets use too. */
export const DEFAULT_GAP_LIMIT = 20;
/** A larger window costs a derivation per address and makes every block scan check more payloads. */
export const MAX_GAP_LIMIT = 1_000;

export interface HdAccountOptions {
  /** The account level of m/44'/0'/account'/change'/index' (default 0). */
  readonly account?: number;
  /** The active network (or its address digit): addresses are encoded for it. */
  readonly network: AddressNetwork;
  /** Unused addresses kept derived past the last used one, on each chain (default 20). */
  readonly gapLimit?: number;
}

export interface ResolvedHdAccountOptions {
  readonly account: number;
  readonly network: AddressNetwork;
  readonly gapLimit: number;
}

export function resolveHdAccountOptions(opts: HdAccountOptions): ResolvedHdAccountOptions {
  const account = opts.account ?? 0;
  const gapLimit = opts.gapLimit ?? DEFAULT_GAP_LIMIT;
  if (!Number.isInteger(account) || account < 0 || account > MAX_PATH_INDEX) {
    throw new AccountError(
      "ACCOUNT_BAD_OPTIONS",
      `the account index must be an integer from 0 to ${MAX_PATH_INDEX}`,
      {
        option: "account",
        actual: String(account),
      },
    );
  }
  if (!Number.isInteger(gapLimit) || gapLimit < 1 || gapLimit > MAX_GAP_LIMIT) {
    throw new AccountError(
      "ACCOUNT_BAD_OPTIONS",
      `the gap limit must be an integer from 1 to ${MAX_GAP_LIMIT}`,
      {
        option: "gapLimit",
        actual: String(gapLimit),
      },
    );
  }
  return { account, network: opts.network, gapLimit };
}
