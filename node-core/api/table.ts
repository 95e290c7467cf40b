// The one method table: every method of every group, each name once. Transports (JSON-RPC over HTTP now,
// WebSocket and Electron IPC later) all call through it.
import type { MethodTable } from "./method.js";
import { methodTable } from "./method.js";
import { addressMethods } from "./methods/addresses.js";
import { chainMethods } from "./methods/chain.js";
import { controlMethods } from "./methods/control.js";
import { masternodeMethods } from "./methods/masternodes.js";
import { networkMethods } from "./methods/network.js";
import { transactionMethods } from "./methods/transactions.js";
import { walletMethods } from "./methods/wallet.js";
import { walletRecoveryMethods } from "./methods/wallet-recovery.js";

export function apiMethods(): MethodTable {
  return methodTable([
    ...chainMethods(),
    ...transactionMethods(),
    ...addressMethods(),
    ...networkMethods(),
    ...masternodeMethods(),
    ...controlMethods(),
    ...walletMethods(),
    ...walletRecoveryMethods(),
  ]);
}
