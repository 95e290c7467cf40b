// The session with the node: which wallet files exist and are loaded, which one is current (remembered in
// settings so a reload reopens it), its lock state and balances, and the chain's network name. Pages read
// it; the frame refreshes it on wallet events.
import { create } from "zustand";
import type { ApiFailure, ApiResult } from "../../../electron/contract.js";
import { bridge } from "../bridge/index.js";
import { chooseCurrent } from "./current-wallet.js";
import { useSettings } from "./settings.js";

export type WalletInfo = ApiResult<"getwalletinfo">;

export interface SessionState {
  /** null until the first answer. */
  readonly files: readonly { readonly name: string; readonly loaded: boolean }[] | null;
  readonly loaded: readonly string[];
  readonly current: string | null;
  readonly info: WalletInfo | null;
  readonly network: string | null;
  readonly error: ApiFailure | null;
  /** Bumped on every wallet event of the current wallet, so pages re-read what changed. */
  readonly revision: number;
  /** The user chose to look around while locked (reset whenever the wallet locks again). */
  readonly viewLocked: boolean;
  bump(): void;
  setViewLocked(view: boolean): void;
  refresh(): Promise<void>;
  refreshInfo(): Promise<void>;
  select(name: string | null): void;
}

export const useSession = create<SessionState>()((set, get) => ({
  files: null,
  loaded: [],
  current: null,
  info: null,
  network: null,
  error: null,
  revision: 0,
  viewLocked: false,
  bump() {
    set({ revision: get().revision + 1 });
  },
  setViewLocked(viewLocked) {
    set({ viewLocked });
  },
  async refresh() {
    const [dir, loaded, chain] = await Promise.all([
      bridge.call("listwalletdir", {}),
      bridge.call("listwallets", {}),
      bridge.call("getblockchaininfo", {}),
    ]);
    if (!dir.ok || !loaded.ok) {
      set({ error: dir.ok ? (loaded.ok ? null : loaded.error) : dir.error });
      return;
    }
    const current = chooseCurrent(loaded.result, get().current ?? useSettings.getState().currentWallet);
    set({
      files: dir.result.wallets,
      loaded: loaded.result,
      current,
      network: chain.ok ? chain.result.chain : get().network,
      error: null,
    });
    if (current !== null) useSettings.getState().setCurrentWallet(current);
    await get().refreshInfo();
  },
  async refreshInfo() {
    const name = get().current;
    if (name === null) {
      set({ info: null });
      return;
    }
    const outcome = await bridge.call("getwalletinfo", { wallet_name: name });
    if (get().current !== name) return;
    if (outcome.ok) set({ info: outcome.result });
    else if (outcome.error.code === "API_WALLET_NOT_FOUND") await get().refresh();
  },
  select(name) {
    set({ current: name, info: null, viewLocked: false });
    useSettings.getState().setCurrentWallet(name);
    void get().refreshInfo();
  },
}));

/** The current wallet's name; pages render only inside the gate, where there is one. */
export function useWalletName(): string {
  return useSession((s) => s.current) ?? "";
}
