// The left sidebar: the wallet switcher with a loud network badge off mainnet, the page links (their names
// are what the tests navigate by) and the Lock / Unlock button at the bottom.
import { bridge } from "../bridge/index.js";
import { t } from "../i18n/index.js";
import { useSession } from "../store/session.js";
import { requestUnlock } from "../store/unlock.js";
import { Button } from "../ui/index.js";
import { PAGES } from "./pages.js";

export function NetworkBadge({ network }: { readonly network: string | null }) {
  if (network === null || network === "mainnet") return null;
  return (
    <span className="badge badge-network" title={t("common.wallet.networkBadge", { network })}>
      {network.toUpperCase()}
    </span>
  );
}

export function Sidebar({
  route,
  onAddWallet,
}: {
  readonly route: string;
  readonly onAddWallet: () => void;
}) {
  const loaded = useSession((s) => s.loaded);
  const current = useSession((s) => s.current);
  const network = useSession((s) => s.network);
  // Unknown until getwalletinfo answers (a reload, a switch): no button then, rather than an "Unlock" for
  // a wallet that may be unlocked.
  const locked = useSession((s) => (s.info === null ? null : s.info.locked));
  const select = useSession((s) => s.select);
  const refreshInfo = useSession((s) => s.refreshInfo);
  const lock = async () => {
    if (current === null) return;
    await bridge.call("walletlock", { wallet_name: current });
    await refreshInfo();
  };
  return (
    <aside className="sidebar">
      <div className="wallet-switcher">
        <div className="row-between">
          <label className="field-label" htmlFor="wallet-switcher">
            {t("common.wallet.switcherLabel")}
          </label>
          <NetworkBadge network={network} />
        </div>
        <select
          id="wallet-switcher"
          className="select"
          value={current ?? ""}
          onChange={(event) => {
            if (event.target.value === "__add") onAddWallet();
            else select(event.target.value);
          }}
        >
          {loaded.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
          <option value="__add">{t("common.wallet.addWallet")}</option>
        </select>
      </div>
      <nav className="nav" aria-label={t("common.nav.label")}>
        {PAGES.map((entry) => (
          <a key={entry.id} href={`#/${entry.id}`} aria-current={entry.id === route ? "page" : undefined}>
            {t(entry.label)}
          </a>
        ))}
      </nav>
      <div className="sidebar-bottom">
        {locked === null ? null : locked ? (
          <Button className="sidebar-lock" onClick={() => void requestUnlock()}>
            {t("common.actions.unlock")}
          </Button>
        ) : (
          <Button className="sidebar-lock" onClick={() => void lock()}>
            {t("common.actions.lock")}
          </Button>
        )}
      </div>
    </aside>
  );
}
