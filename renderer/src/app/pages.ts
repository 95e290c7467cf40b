// The pages of the sidebar, in order: route id, navigation label, component. The hash route (#/send)
// selects one; the first is the default.
import type { ComponentType } from "react";
import type { MessageKey } from "../i18n/index.js";
import { AddressBookPage } from "../pages/address-book/AddressBookPage.js";
import { CoinsPage } from "../pages/coins/CoinsPage.js";
import { ConsolePage } from "../pages/console/ConsolePage.js";
import { MasternodesPage } from "../pages/masternodes/MasternodesPage.js";
import { NetworkPage } from "../pages/network/NetworkPage.js";
import { OverviewPage } from "../pages/overview/OverviewPage.js";
import { ReceivePage } from "../pages/receive/ReceivePage.js";
import { SendPage } from "../pages/send/SendPage.js";
import { SettingsPage } from "../pages/settings/SettingsPage.js";
import { TransactionsPage } from "../pages/transactions/TransactionsPage.js";

export interface PageEntry {
  readonly id: string;
  readonly label: MessageKey;
  readonly component: ComponentType;
}

export const PAGES: readonly PageEntry[] = [
  { id: "overview", label: "common.nav.overview", component: OverviewPage },
  { id: "send", label: "common.nav.send", component: SendPage },
  { id: "receive", label: "common.nav.receive", component: ReceivePage },
  { id: "transactions", label: "common.nav.transactions", component: TransactionsPage },
  { id: "coins", label: "common.nav.coins", component: CoinsPage },
  { id: "address-book", label: "common.nav.addressBook", component: AddressBookPage },
  { id: "masternodes", label: "common.nav.masternodes", component: MasternodesPage },
  { id: "network", label: "common.nav.network", component: NetworkPage },
  { id: "console", label: "common.nav.console", component: ConsolePage },
  { id: "settings", label: "common.nav.settings", component: SettingsPage },
];
