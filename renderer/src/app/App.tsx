// The frame: sidebar navigation and the page of the current hash route. (The wallet gate, status bar and
// toasts come with the wallet UI.)
import { useEffect, useState } from "react";
import { t } from "../i18n/index.js";
import { PAGES } from "./pages.js";

function currentRoute(): string {
  const id = window.location.hash.replace(/^#\/?/, "");
  return PAGES.some((page) => page.id === id) ? id : (PAGES[0]?.id ?? "overview");
}

export function App() {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const onHash = () => setRoute(currentRoute());
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, []);
  const page = PAGES.find((entry) => entry.id === route) ?? PAGES[0];
  const Page = page?.component;
  return (
    <div className="frame">
      <nav className="sidebar" aria-label="Pages">
        {PAGES.map((entry) => (
          <a key={entry.id} href={`#/${entry.id}`} aria-current={entry.id === route ? "page" : undefined}>
            {t(entry.label)}
          </a>
        ))}
      </nav>
      <main className="page">{Page !== undefined && <Page />}</main>
    </div>
  );
}
