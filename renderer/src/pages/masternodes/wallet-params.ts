// The wallet the masternode calls act on: the one chosen in the wallet switcher, or (none chosen) the
// node's only loaded wallet, which the API takes when wallet_name is left out.
import { useSettings } from "../../store/settings.js";

export function useWalletParams(): { readonly wallet_name?: string } {
  const wallet = useSettings((s) => s.currentWallet);
  return wallet === null ? {} : { wallet_name: wallet };
}
