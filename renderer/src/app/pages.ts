// The pages of the sidebar, in order: route id, navigation label, component. The hash route (#/send)
// selects one; the first is the default. Overview (the default page) is in the first load with the frame;
// every other page is its own chunk, fetched when first shown (the frame renders it inside a Suspense),
// so the start parses only what the first screen needs.
import { type ComponentType, type LazyExoticComponent, lazy } from "react";
import type { MessageKey } from "../i18n/index.js";
import { OverviewPage } from "../pages/overview/OverviewPage.js";

export interface PageEntry {
  readonly id: string;
  readonly label: MessageKey;
  readonly component: ComponentType | LazyExoticComponent<ComponentType>;
}

/** A page in a chunk of its own: `load` imports its module, `pick` takes the page's component from it. */
function inChunk<M>(
  load: () => Promise<M>,
  pick: (module: M) => ComponentType,
): LazyExoticComponent<ComponentType> {
  return lazy(async () => ({ default: pick(await load()) }));
}

export const PAGES: readonly PageEntry[] = [
  { id: "overview", label: "common.nav.overview", component: OverviewPage },
  {
    id: "send",
    label: "common.nav.send",
    component: inChunk(
      () => import("../pages/send/SendPage.js"),
      (m) => m.SendPage,
    ),
  },
  {
    id: "receive",
    label: "common.nav.receive",
    component: inChunk(
      () => import("../pages/receive/ReceivePage.js"),
      (m) => m.ReceivePage,
    ),
  },
  {
    id: "transactions",
    label: "common.nav.transactions",
    component: inChunk(
      () => import("../pages/transactions/TransactionsPage.js"),
      (m) => m.TransactionsPage,
    ),
  },
  {
    id: "coins",
    label: "common.nav.coins",
    component: inChunk(
      () => import("../pages/coins/CoinsPage.js"),
      (m) => m.CoinsPage,
    ),
  },
  {
    id: "address-book",
    label: "common.nav.addressBook",
    component: inChunk(
      () => import("../pages/address-book/AddressBookPage.js"),
      (m) => m.AddressBookPage,
    ),
  },
  {
    id: "masternodes",
    label: "common.nav.masternodes",
    component: inChunk(
      () => import("../pages/masternodes/MasternodesPage.js"),
      (m) => m.MasternodesPage,
    ),
  },
  {
    id: "network",
    label: "common.nav.network",
    component: inChunk(
      () => import("../pages/network/NetworkPage.js"),
      (m) => m.NetworkPage,
    ),
  },
  {
    id: "console",
    label: "common.nav.console",
    component: inChunk(
      () => import("../pages/console/ConsolePage.js"),
      (m) => m.ConsolePage,
    ),
  },
  {
    id: "settings",
    label: "common.nav.settings",
    component: inChunk(
      () => import("../pages/settings/SettingsPage.js"),
      (m) => m.SettingsPage,
    ),
  },
];
