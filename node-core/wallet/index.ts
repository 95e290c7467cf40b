// Public surface of wallet/: other folders reach the wallet only through this file: the encrypted keystore
// (keystore/), HD accounts (accounts/), coin tracking, balances, history and scans (tracker/), and sending
// (send/).

export * from "./accounts/index.js";
export * from "./keystore/index.js";
export * from "./send/index.js";
export * from "./service/index.js";
export * from "./tracker/index.js";
