// Wallets arranged over RPC for a test: created or restored on a node, funded from node 1's faucet and
// waited on until final, and "the only wallet loaded on the UI node" so the UI opens exactly that one
// whatever earlier tests left loaded. Passwords and recovery words stay in the test's variables.
import { rpc, until, walletName, walletTx } from "./rpc.js";
import { runInfo } from "./run-info.js";

export interface TestWallet {
  readonly node: number;
  readonly name: string;
  readonly password: string;
  readonly mnemonic: string;
  readonly address: string;
}

/** A password that is unique per wallet and strong enough for any strength meter. */
export function testPassword(): string {
  return `e2e Pass-${Math.random().toString(36).slice(2, 10)}-${Date.now().toString(36)}!`;
}

export async function createWallet(node: number, prefix: string, words: 12 | 24 = 12): Promise<TestWallet> {
  const name = walletName(prefix);
  const password = testPassword();
  const created = await rpc<{ mnemonic: string }>(node, "createwallet", {
    wallet_name: name,
    passphrase: password,
    words,
  });
  const address = await rpc<string>(node, "getnewaddress", { wallet_name: name });
  return { node, name, password, mnemonic: created.mnemonic, address };
}

/** Restores `mnemonic` as a new wallet on `node` (its own name and password). */
export async function restoreWallet(node: number, prefix: string, mnemonic: string): Promise<TestWallet> {
  const name = walletName(prefix);
  const password = testPassword();
  await rpc(node, "restorewallet", { wallet_name: name, mnemonic, passphrase: password });
  const addresses = await rpc<{ address: string }[]>(node, "listaddresses", { wallet_name: name });
  const address = addresses[0]?.address;
  if (address === undefined) throw new Error(`the restored wallet ${name} lists no address`);
  return { node, name, password, mnemonic, address };
}

/** The wallet's spendable balance (decimal TIME string). */
export async function spendable(wallet: Pick<TestWallet, "node" | "name">): Promise<string> {
  const balances = await rpc<{ spendable: string }>(wallet.node, "getbalances", { wallet_name: wallet.name });
  return balances.spendable;
}

/** Pays `amount` TIME from node 1's faucet to `address` and waits until `wallet` holds it final. */
export async function fund(
  wallet: Pick<TestWallet, "node" | "name">,
  address: string,
  amount: string,
): Promise<string> {
  const txid = await rpc<string>(1, "faucet", [address, amount]);
  await until(`the faucet payment final in ${wallet.name}`, 30_000, async () =>
    (await walletTx(wallet.node, wallet.name, txid))?.status === "final" ? true : null,
  );
  return txid;
}

/** Unloads every wallet of the UI node (or `node`) but `keep` (their files stay; the UI then opens `keep`). */
export async function onlyWalletLoaded(keep: string | null, node = runInfo().uiNode): Promise<void> {
  const loaded = await rpc<string[]>(node, "listwallets");
  for (const name of loaded) {
    if (name !== keep) await rpc(node, "unloadwallet", { wallet_name: name });
  }
  if (keep !== null && !loaded.includes(keep)) {
    throw new Error(`the wallet ${keep} is not loaded on the UI node`);
  }
}
