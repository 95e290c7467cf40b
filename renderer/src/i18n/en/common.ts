// Messages of the frame (navigation, status bar, lock) and of shared components (errors, amounts).
export const common = {
  appName: "TIME Coin Desktop",
  nav: {
    overview: "Overview",
    send: "Send",
    receive: "Receive",
    transactions: "Transactions",
    coins: "Coins",
    addressBook: "Address book",
    masternodes: "Masternodes",
    network: "Network",
    console: "Console",
    settings: "Settings",
  },
  connection: {
    connecting: "Connecting to the node…",
    closed: "The connection to the node was lost. Reconnecting…",
  },
} as const;
