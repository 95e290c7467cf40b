// Public surface of wallet/: other folders reach the wallet only through this file. For now it holds the
// encrypted keystore (keystore/); addresses, balances, sending and history come with the wallet service.

export * from "./accounts/index.js";
export * from "./keystore/index.js";
export * from "./tracker/index.js";
