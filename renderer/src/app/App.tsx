// The frame and the wallet gate: until a wallet is loaded the Welcome flow; a locked wallet meets the lock
// screen (or is viewed read-only on request); then the sidebar, the status bar, the page of the hash
// route, the toasts, the unlock dialog and the idle lock. The theme follows the settings (OS default).
import { Suspense, useEffect, useState } from "react";
import { useConnection } from "../bridge/hooks.js";
import { t } from "../i18n/index.js";
import { WelcomePage } from "../pages/welcome/WelcomePage.js";
import { useSession } from "../store/session.js";
import { useSettings } from "../store/settings.js";
import { useUnlock } from "../store/unlock.js";
import { Button, Card, ErrorMessage, Toasts } from "../ui/index.js";
import { ConnectionBanner } from "./ConnectionBanner.js";
import { IdleLock } from "./IdleLock.js";
import { PageBoundary } from "./PageBoundary.js";
import { PAGES } from "./pages.js";
import { parseRoute, type Route } from "./route.js";
import { Sidebar } from "./Sidebar.js";
import { StatusBar } from "./StatusBar.js";
import { UnlockDialog, UnlockForm } from "./UnlockDialog.js";
import { WalletEvents } from "./WalletEvents.js";

const PAGE_IDS = PAGES.map((page) => page.id);
const DEFAULT_PAGE = PAGES[0]?.id ?? "overview";

function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash, PAGE_IDS, DEFAULT_PAGE));
  useEffect(() => {
    const onHash = () => setRoute(parseRoute(window.location.hash, PAGE_IDS, DEFAULT_PAGE));
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, []);
  return route;
}

function useTheme(): void {
  const theme = useSettings((s) => s.theme);
  useEffect(() => {
    const root = document.documentElement;
    if (theme === "system") delete root.dataset.theme;
    else root.dataset.theme = theme;
  }, [theme]);
}

function LockScreen({ wallet, onAnother }: { readonly wallet: string; readonly onAnother: () => void }) {
  const setViewLocked = useSession((s) => s.setViewLocked);
  return (
    <main className="gate">
      <Card className="gate-card">
        <h1>{t("common.lockScreen.title", { wallet })}</h1>
        <p className="muted">{t("common.lockScreen.body")}</p>
        <UnlockForm wallet={wallet} onDone={() => undefined} />
        <div className="row gate-secondary">
          <Button variant="ghost" onClick={() => setViewLocked(true)}>
            {t("common.lockScreen.viewOnly")}
          </Button>
          <Button variant="ghost" onClick={onAnother}>
            {t("common.lockScreen.another")}
          </Button>
        </div>
      </Card>
    </main>
  );
}

function Frame({ route, onAddWallet }: { readonly route: Route; readonly onAddWallet: () => void }) {
  const dialogOpen = useUnlock((s) => s.open);
  const page = PAGES.find((entry) => entry.id === route.id) ?? PAGES[0];
  const Page = page?.component;
  return (
    <>
      <div className="frame" aria-hidden={dialogOpen || undefined} inert={dialogOpen || undefined}>
        <Sidebar route={route.id} onAddWallet={onAddWallet} />
        <div className="frame-main">
          <StatusBar />
          <main className="page">
            {Page !== undefined && (
              // A page other than Overview arrives as its own chunk the first time it is shown.
              <PageBoundary key={page?.id}>
                <Suspense fallback={<p className="muted">{t("common.loading")}</p>}>
                  <Page />
                </Suspense>
              </PageBoundary>
            )}
          </main>
        </div>
      </div>
      <UnlockDialog />
      <IdleLock />
      <WalletEvents />
    </>
  );
}

export function App() {
  useTheme();
  const route = useRoute();
  const connection = useConnection();
  const files = useSession((s) => s.files);
  const current = useSession((s) => s.current);
  const locked = useSession((s) => s.info?.locked);
  const viewLocked = useSession((s) => s.viewLocked);
  const error = useSession((s) => s.error);
  const refresh = useSession((s) => s.refresh);
  const select = useSession((s) => s.select);
  const [adding, setAdding] = useState(false);

  useEffect(() => {
    if (connection === "open") void refresh();
  }, [connection, refresh]);

  let body: React.ReactNode;
  if (files === null) {
    body = (
      <main className="gate">
        {error === null ? (
          <p className="muted">{t("common.connection.connecting")}</p>
        ) : (
          <ErrorMessage error={error} />
        )}
      </main>
    );
  } else if (current === null || adding) {
    body = (
      <WelcomePage
        onCancel={current === null ? undefined : () => setAdding(false)}
        onDone={(name) => {
          setAdding(false);
          void refresh().then(() => select(name));
        }}
      />
    );
  } else if (locked === true && !viewLocked) {
    body = <LockScreen wallet={current} onAnother={() => setAdding(true)} />;
  } else {
    body = <Frame route={route} onAddWallet={() => setAdding(true)} />;
  }
  return (
    <>
      <ConnectionBanner />
      {body}
      <Toasts />
    </>
  );
}
