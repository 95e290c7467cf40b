// Wallet methods (Bitcoin Core's names and params, positional or named), over the node's WalletService:
// wallets (create, restore, list, load, unload), the lock (walletpassphrase, walletlock, change), balances,
// addresses, coins, history with live status, sending, labels and backups. Methods on a wallet take
// `wallet_name` when more than one is loaded. No reply carries a secret except createwallet's mnemonic.
import { z } from "zod";
import { outpointKey } from "../../kernel/index.js";
import { encodeAddress } from "../../keys/index.js";
import { tierForCollateral } from "../../params/index.js";
import { formatTime, toHex } from "../../types/index.js";
import {
  MAX_CHOSEN_FEE_RATE,
  type MasternodeRewards,
  MIN_CHOSEN_FEE_RATE,
  parseRecipient,
  type WalletBalance,
  type WalletMasternode,
  type WalletService,
  type WalletTransaction,
  type WalletTxStatus,
} from "../../wallet/index.js";
import { ApiError } from "../errors.js";
import { defineMethod, type MethodCall } from "../method.js";
import type { ApiRuntime } from "../runtime.js";
import { boundedInt, flag, hash32, positiveAmount, text } from "../schemas.js";
import { walletApiError } from "../wallet-errors.js";

const walletName = text(64);
const passphrase = z.string({ error: "expected a string" }).min(1, { error: "must not be empty" }).max(1024);
const label = z.string({ error: "expected a string" }).max(1024);
/** Manual coin control: the coins to spend, all of them (`[{txid, vout}]`, at most MAX_COIN_CONTROL). */
const MAX_COIN_CONTROL = 1_000;
const coinControl = z
  .array(z.object({ txid: hash32, vout: boundedInt(0, 0xffff_ffff) }), { error: "expected [{txid, vout}]" })
  .min(1, { error: "name at least one coin" })
  .max(MAX_COIN_CONTROL, { error: `at most ${MAX_COIN_CONTROL} coins` })
  .transform((coins) => coins.map((c) => ({ txid: c.txid, index: c.vout })));
const COIN_CONTROL_HELP = "optional manual coin control: [{txid, vout}] spent exactly, all of them";
const FEE_RATE_ERROR = `expected a whole number of sat per byte from ${MIN_CHOSEN_FEE_RATE} (the network minimum) to ${MAX_CHOSEN_FEE_RATE}`;
const feeRate = z
  .number({ error: FEE_RATE_ERROR })
  .int({ error: FEE_RATE_ERROR })
  .min(MIN_CHOSEN_FEE_RATE, { error: FEE_RATE_ERROR })
  .max(MAX_CHOSEN_FEE_RATE, { error: FEE_RATE_ERROR });
const FEE_RATE_HELP = `sat per byte (${MIN_CHOSEN_FEE_RATE}, the network minimum, by default; up to ${MAX_CHOSEN_FEE_RATE}): a busy mempool keeps the higher rates`;
/** Longest walletpassphrase timeout, seconds (a day). */
const MAX_UNLOCK_SECONDS = 86_400;

function wallets(api: ApiRuntime): WalletService {
  const service = api.ctx.wallets;
  if (service === undefined) throw new ApiError("API_WALLET_ERROR", "this node runs without wallets");
  return service;
}

/** Runs a wallet handler with its failures mapped to the wallet error codes. */
function guarded<P, R>(run: (service: WalletService, params: P, call: MethodCall) => Promise<R> | R) {
  return async (call: MethodCall, params: P): Promise<R> => {
    const service = wallets(call.api);
    try {
      return await run(service, params, call);
    } catch (error) {
      throw walletApiError(error);
    }
  };
}

function balanceJson(balance: WalletBalance) {
  return {
    spendable: formatTime(balance.spendable),
    pending: formatTime(balance.pending),
    locked: formatTime(balance.locked),
    immature: formatTime(balance.immature),
  };
}

function statusText(status: WalletTxStatus): string {
  switch (status.state) {
    case "voting":
      return `voting ${status.confidence}/${status.beta}`;
    case "final":
      return status.blockHeight !== null
        ? `in block ${status.blockHeight}`
        : `final${status.finalMs === null ? "" : ` in ${status.finalMs} ms`}`;
    case "rejected":
      return `rejected: ${status.reason ?? "unknown reason"}`;
    default:
      return status.state;
  }
}

function transactionJson(tx: WalletTransaction, tipHeight: bigint | null) {
  return {
    txid: tx.txid,
    amount: formatTime(tx.net),
    received: formatTime(tx.received),
    sent: formatTime(tx.sent),
    fee: tx.fee === null ? null : formatTime(tx.fee),
    category: tx.isReward ? "generate" : tx.net >= 0n ? "receive" : "send",
    status: tx.status.state,
    status_text: statusText(tx.status),
    confidence: tx.status.confidence,
    beta: tx.status.beta,
    reason: tx.status.reason,
    final_ms: tx.status.finalMs,
    blockheight: tx.height === null ? null : Number(tx.height),
    blockhash: tx.blockHash,
    confirmations: tx.height === null || tipHeight === null ? 0 : Number(tipHeight - tx.height + 1n),
    time: tx.firstSeenAt,
  };
}

function walletMasternodeJson(
  api: ApiRuntime,
  mine: WalletMasternode & { readonly rewards: MasternodeRewards | null },
) {
  const heartbeats = api.ctx.node.services.heartbeats;
  const { record } = mine;
  const runningHere = api.ctx.masternodeHost?.operatorPublicKey === mine.operatorPublicKey;
  if (record === null) {
    return {
      label: mine.label,
      operator: mine.operatorPublicKey,
      registered: false,
      running_here: runningHere,
      active: false,
      reason: "not registered on the chain (yet, or any more)",
    };
  }
  const tier = tierForCollateral(record.collateralAmount);
  const active = heartbeats.isActive(mine.operatorPublicKey);
  return {
    label: mine.label,
    operator: mine.operatorPublicKey,
    registered: true,
    tier: tier.name,
    collateral: outpointKey(record.collateral),
    collateral_amount: formatTime(record.collateralAmount),
    payout_address: encodeAddress(record.payoutAddress, api.ctx.params),
    network_address: record.networkAddress,
    registered_height: Number(record.registeredHeight),
    running_here: runningHere,
    active,
    last_heartbeat: heartbeats.lastSeen(mine.operatorPublicKey) ?? null,
    last_reward: mine.rewards?.last ? formatTime(mine.rewards.last.amount) : null,
    last_reward_height: mine.rewards?.last ? Number(mine.rewards.last.height) : null,
    last_reward_txid: mine.rewards?.last?.txid ?? null,
    total_rewards: formatTime(mine.rewards?.total ?? 0n),
    reason: active
      ? null
      : runningHere
        ? "this node runs it: waiting for its heartbeats to be heard (a minute or so after the start)"
        : "no heartbeat heard: start it on this node (masternodestart) or on the node that has its operator key",
  };
}

export function walletMethods() {
  return [
    defineMethod({
      name: "createwallet",
      summary: "creates and loads a new wallet (locked); returns its recovery phrase ONCE",
      params: {
        wallet_name: walletName,
        passphrase,
        words: z.union([z.literal(12), z.literal(24)], { error: "expected 12 or 24" }).default(24),
        mnemonic_passphrase: z.string().max(1024).default(""),
      },
      paramHelp: {
        wallet_name: "the new wallet's name",
        passphrase: "the keystore password (encrypts the wallet file)",
        words: "12 or 24 recovery words (default 24)",
        mnemonic_passphrase: "optional BIP-39 passphrase (a 25th word)",
      },
      result: "{name, mnemonic, warning}",
      handler: guarded(async (service, p) => {
        const created = await service.create(p.wallet_name, p.passphrase, p.words, p.mnemonic_passphrase);
        return {
          name: created.name,
          mnemonic: created.mnemonic,
          warning:
            "Write the recovery phrase down and keep it offline: it is shown only now, and whoever has it has the coins.",
        };
      }),
    }),
    defineMethod({
      name: "restorewallet",
      summary:
        "restores a wallet from its recovery phrase and loads it; the restore scan runs in the background",
      params: {
        wallet_name: walletName,
        mnemonic: z.string({ error: "expected the recovery phrase" }).min(1).max(1024),
        passphrase,
        mnemonic_passphrase: z.string().max(1024).default(""),
        birthday_height: boundedInt(0, Number.MAX_SAFE_INTEGER).default(0),
      },
      paramHelp: {
        wallet_name: "the wallet's name",
        mnemonic: "the 12 or 24 recovery words",
        passphrase: "the keystore password for the new file",
        mnemonic_passphrase: "the BIP-39 passphrase, if the wallet had one",
        birthday_height: "first block that can hold its transactions (default 0: scan everything)",
      },
      result: "{name, warning}",
      handler: guarded(async (service, p) => {
        const restored = await service.restore(
          p.wallet_name,
          p.passphrase,
          p.mnemonic,
          p.mnemonic_passphrase,
          BigInt(p.birthday_height),
        );
        return { name: restored.name, warning: "" };
      }),
    }),
    defineMethod({
      name: "listwallets",
      summary: "the loaded wallets",
      params: {},
      paramHelp: {},
      result: "[name, ...]",
      handler: guarded((service) => service.loadedNames()),
    }),
    defineMethod({
      name: "listwalletdir",
      summary: "the wallet files of this node",
      params: {},
      paramHelp: {},
      result: "{wallets: [{name, loaded}]}",
      handler: guarded(async (service) => ({ wallets: await service.list() })),
    }),
    defineMethod({
      name: "loadwallet",
      summary: "loads a wallet (it stays locked, watching the chain); catches up from its last scan",
      params: { wallet_name: walletName, passphrase },
      paramHelp: {
        wallet_name: "the wallet's name",
        passphrase: "its keystore password (to derive its addresses)",
      },
      result: "{name, warning}",
      handler: guarded(async (service, p) => {
        await service.load(p.wallet_name, p.passphrase);
        return { name: p.wallet_name, warning: "" };
      }),
    }),
    defineMethod({
      name: "unloadwallet",
      summary: "unloads a wallet (locks it, stops watching; its scan checkpoint is kept)",
      params: { wallet_name: walletName.optional() },
      paramHelp: { wallet_name: "the wallet (default: the one loaded)" },
      result: "{warning}",
      handler: guarded(async (service, p) => {
        await service.unload(service.get(p.wallet_name).name);
        return { warning: "" };
      }),
    }),
    defineMethod({
      name: "walletpassphrase",
      summary: "unlocks the wallet for signing; it locks itself after `timeout` seconds without use",
      params: { passphrase, timeout: boundedInt(1, MAX_UNLOCK_SECONDS), wallet_name: walletName.optional() },
      paramHelp: {
        passphrase: "the keystore password",
        timeout: `idle seconds before it locks again (1 to ${MAX_UNLOCK_SECONDS}; each signing restarts it)`,
        wallet_name: "the wallet (default: the one loaded)",
      },
      result: "null",
      handler: guarded(async (service, p) => {
        await service.unlock(p.wallet_name, p.passphrase, p.timeout * 1000);
        return null;
      }),
    }),
    defineMethod({
      name: "walletlock",
      summary: "locks the wallet now (wipes its keys; it keeps watching the chain)",
      params: { wallet_name: walletName.optional() },
      paramHelp: { wallet_name: "the wallet (default: the one loaded)" },
      result: "null",
      handler: guarded((service, p) => {
        service.lock(p.wallet_name);
        return null;
      }),
    }),
    defineMethod({
      name: "walletpassphrasechange",
      summary: "changes the keystore password",
      params: { oldpassphrase: passphrase, newpassphrase: passphrase, wallet_name: walletName.optional() },
      paramHelp: {
        oldpassphrase: "the current password",
        newpassphrase: "the new password",
        wallet_name: "the wallet (default: the one loaded)",
      },
      result: "null",
      handler: guarded(async (service, p) => {
        await service.changePassword(service.get(p.wallet_name).name, p.oldpassphrase, p.newpassphrase);
        return null;
      }),
    }),
    defineMethod({
      name: "setwalletflag",
      summary:
        "sets a wallet flag (as Bitcoin Core's): backed_up records that the recovery words are written down and confirmed; needs the wallet unlocked",
      params: {
        flag: z.literal("backed_up", { error: 'the only flag is "backed_up"' }),
        value: flag.default(true),
        wallet_name: walletName.optional(),
      },
      paramHelp: {
        flag: '"backed_up"',
        value: "true (default) or false",
        wallet_name: "the wallet (default: the one loaded)",
      },
      result: "{ flag_name, flag_state }",
      handler: guarded(async (service, p) => {
        await service.setBackedUp(p.wallet_name, p.value);
        return { flag_name: p.flag, flag_state: p.value };
      }),
    }),
    defineMethod({
      name: "getwalletinfo",
      summary: "the wallet's state: balances, lock, scan progress, transaction count",
      params: { wallet_name: walletName.optional() },
      paramHelp: { wallet_name: "the wallet (default: the one loaded)" },
      result:
        "{walletname, balance, balances, txcount, unlocked_until, locked, backed_up, birthday_height, scanning, ...}",
      handler: guarded((service, p) => {
        const wallet = service.get(p.wallet_name);
        const scan = wallet.scanState;
        const balance = wallet.tracker.balance();
        return {
          walletname: wallet.name,
          balance: formatTime(balance.spendable),
          balances: balanceJson(balance),
          txcount: wallet.tracker.transactions().length,
          locked: wallet.locked,
          unlocked_until: wallet.unlockedUntil === null ? 0 : Math.floor(wallet.unlockedUntil / 1000),
          // The recovery words are confirmed written down (setwalletflag backed_up), or it was restored from them.
          backed_up: wallet.backedUp,
          birthday_height: Number(wallet.birthday),
          tip_height: wallet.tracker.tipHeight === null ? null : Number(wallet.tracker.tipHeight),
          scanning: scan.running
            ? {
                height: scan.progress === null ? null : Number(scan.progress.height),
                tip: scan.progress === null ? null : Number(scan.progress.tip),
              }
            : false,
          scan_resumed_from: scan.resumedFrom === null ? null : Number(scan.resumedFrom),
          scan_error: scan.error,
          // A payment reached the last part of the watched window while locked: unlock to extend it.
          scan_pending_unlock: scan.pendingUnlock,
        };
      }),
    }),
    defineMethod({
      name: "getbalance",
      summary: "the spendable (final) balance",
      params: { wallet_name: walletName.optional() },
      paramHelp: { wallet_name: "the wallet (default: the one loaded)" },
      result: "amount (TIME, decimal string)",
      handler: guarded((service, p) => formatTime(service.get(p.wallet_name).tracker.balance().spendable)),
    }),
    defineMethod({
      name: "getbalances",
      summary: "the balance split: spendable (final), pending, locked (collateral), immature",
      params: { wallet_name: walletName.optional() },
      paramHelp: { wallet_name: "the wallet (default: the one loaded)" },
      result: "{spendable, pending, locked, immature} (TIME, decimal strings)",
      handler: guarded((service, p) => balanceJson(service.get(p.wallet_name).tracker.balance())),
    }),
    defineMethod({
      name: "getnewaddress",
      summary: "the receive address to hand out next (the lowest one never paid)",
      params: { label: label.optional(), wallet_name: walletName.optional() },
      paramHelp: {
        label: "a label for it (needs the wallet unlocked)",
        wallet_name: "the wallet (default: the one loaded)",
      },
      result: "address",
      handler: guarded(async (service, p) => (await service.newAddress(p.wallet_name, p.label)).address),
    }),
    defineMethod({
      name: "listaddresses",
      summary: "the wallet's addresses in use and the next receive address, with paths and labels",
      params: { wallet_name: walletName.optional() },
      paramHelp: { wallet_name: "the wallet (default: the one loaded)" },
      result: "[{address, path, chain, index, used, label}]",
      handler: guarded((service, p) => {
        const wallet = service.get(p.wallet_name);
        const { watch } = wallet;
        const used = watch.usedIndices();
        const next = watch.nextReceiveAddress();
        const shown = [
          ...used.receive.map((i) => watch.address("receive", i)),
          ...(used.receive.includes(next.index) ? [] : [next]),
          ...used.change.map((i) => watch.address("change", i)),
        ];
        return shown.map((a) => ({
          address: a.address,
          path: a.path,
          chain: a.chain,
          index: a.index,
          used: (a.chain === "receive" ? used.receive : used.change).includes(a.index),
          label: wallet.labels.get(a.address) ?? "",
        }));
      }),
    }),
    defineMethod({
      name: "listunspent",
      summary:
        "the wallet's unspent coins with their category (spendable, pending, locked, immature, reserved)",
      params: { wallet_name: walletName.optional() },
      paramHelp: { wallet_name: "the wallet (default: the one loaded)" },
      result: "[{txid, vout, address, amount, category, height, confirmations}]",
      handler: guarded((service, p) => {
        const wallet = service.get(p.wallet_name);
        const tip = wallet.tracker.tipHeight;
        const { network } = service.opts;
        return wallet.tracker.coins().map((coin) => ({
          txid: toHex(coin.outpoint.txid),
          vout: coin.outpoint.index,
          address: encodeAddress(coin.address, network),
          amount: formatTime(coin.amount),
          category: coin.category,
          height: coin.height === null ? null : Number(coin.height),
          confirmations: coin.height === null || tip === null ? 0 : Number(tip - coin.height + 1n),
          label: wallet.labels.get(encodeAddress(coin.address, network)) ?? "",
        }));
      }),
    }),
    defineMethod({
      name: "sendtoaddress",
      summary: "pays an address from the wallet; returns the txid once the mempool admitted it",
      params: {
        address: text(64),
        amount: positiveAmount,
        comment: z.string().max(1024).optional(),
        comment_to: z.string().max(1024).optional(),
        subtractfeefromamount: flag.default(false),
        wallet_name: walletName.optional(),
        inputs: coinControl.optional(),
        fee_rate: feeRate.optional(),
      },
      paramHelp: {
        address: "the recipient's TIME address",
        amount: "TIME, decimal string",
        comment: "a label for the transaction (kept encrypted in the wallet)",
        comment_to: "not stored (Bitcoin Core compatibility)",
        subtractfeefromamount: "the recipient pays the fee out of the amount",
        wallet_name: "the wallet (default: the one loaded)",
        inputs: COIN_CONTROL_HELP,
        fee_rate: FEE_RATE_HELP,
      },
      result: "txid",
      handler: guarded(async (service, p) => {
        const sent = await service.send(p.wallet_name, {
          address: p.address,
          amount: p.amount,
          subtractFee: p.subtractfeefromamount,
          ...(p.inputs === undefined ? {} : { coinControl: p.inputs }),
          ...(p.fee_rate === undefined ? {} : { feeRate: p.fee_rate }),
        });
        if (p.comment !== undefined && p.comment.length > 0) {
          await service.setLabel(p.wallet_name, sent.txid, p.comment);
        }
        return sent.txid;
      }),
    }),
    defineMethod({
      name: "previewsend",
      summary:
        "what sendtoaddress would do now (inputs, outputs, change, fee, size), without signing or sending; works while locked",
      params: {
        address: text(64),
        amount: positiveAmount,
        subtractfeefromamount: flag.default(false),
        wallet_name: walletName.optional(),
        inputs: coinControl.optional(),
        fee_rate: feeRate.optional(),
      },
      paramHelp: {
        address: "the recipient's TIME address",
        amount: "TIME, decimal string",
        subtractfeefromamount: "the recipient pays the fee out of the amount",
        wallet_name: "the wallet (default: the one loaded)",
        inputs: COIN_CONTROL_HELP,
        fee_rate: FEE_RATE_HELP,
      },
      result:
        "{ inputs: [{outpoint, amount, address}], outputs: [{address, amount, isChange}], sent, fee, size, feeRate }",
      handler: guarded((service, p) =>
        service.previewSend(p.wallet_name, {
          address: p.address,
          amount: p.amount,
          subtractFee: p.subtractfeefromamount,
          ...(p.inputs === undefined ? {} : { coinControl: p.inputs }),
          ...(p.fee_rate === undefined ? {} : { feeRate: p.fee_rate }),
        }),
      ),
    }),
    defineMethod({
      name: "listtransactions",
      summary: "the wallet's history, newest first, with live status",
      params: {
        label: z.string().max(1024).optional(),
        count: boundedInt(1, 100_000).default(10),
        skip: boundedInt(0, Number.MAX_SAFE_INTEGER).default(0),
        wallet_name: walletName.optional(),
      },
      paramHelp: {
        label: '"*" (all; other labels are not filtered yet)',
        count: "how many (default 10)",
        skip: "how many of the newest to skip",
        wallet_name: "the wallet (default: the one loaded)",
      },
      result: "[{txid, amount, fee, category, status, status_text, blockheight, confirmations, ...}]",
      handler: guarded((service, p) => {
        const wallet = service.get(p.wallet_name);
        const tip = wallet.tracker.tipHeight;
        return wallet.tracker
          .transactions()
          .slice(p.skip, p.skip + p.count)
          .map((tx) => ({ ...transactionJson(tx, tip), label: wallet.labels.get(tx.txid) ?? "" }));
      }),
    }),
    defineMethod({
      name: "gettransaction",
      summary:
        "one wallet transaction with its live status (pending, voting c/β, final, in block N, rejected)",
      params: { txid: hash32, wallet_name: walletName.optional() },
      paramHelp: { txid: "transaction id (hex)", wallet_name: "the wallet (default: the one loaded)" },
      result:
        "{txid, amount, fee, status, status_text, confidence, beta, reason, final_ms, blockheight, ...}",
      handler: guarded((service, p) => {
        const wallet = service.get(p.wallet_name);
        const tx = wallet.tracker.transaction(p.txid);
        if (tx === null) throw new ApiError("API_NOT_FOUND", "invalid or non-wallet transaction id");
        return { ...transactionJson(tx, wallet.tracker.tipHeight), label: wallet.labels.get(tx.txid) ?? "" };
      }),
    }),
    defineMethod({
      name: "setlabel",
      summary: "labels an address (needs the wallet unlocked: labels are stored encrypted)",
      params: { address: text(64), label, wallet_name: walletName.optional() },
      paramHelp: {
        address: "a TIME address",
        label: 'the label ("" removes it)',
        wallet_name: "the wallet (default: the one loaded)",
      },
      result: "null",
      handler: guarded(async (service, p) => {
        parseRecipient(p.address, service.opts.network);
        await service.setLabel(p.wallet_name, p.address, p.label);
        return null;
      }),
    }),
    defineMethod({
      name: "listaddressbook",
      summary: "the wallet's address book: people and services it pays, with a label and an optional note",
      params: { wallet_name: walletName.optional() },
      paramHelp: { wallet_name: "the wallet (default: the one loaded)" },
      result: "[{ address, label, note }] sorted by label",
      handler: guarded((service, p) =>
        service.addressBook(p.wallet_name).map((entry) => ({
          address: entry.address,
          label: entry.label,
          note: entry.note ?? "",
        })),
      ),
    }),
    defineMethod({
      name: "setaddressbookentry",
      summary:
        "adds or edits an address book entry (needs the wallet unlocked: the book is stored encrypted)",
      params: {
        address: text(64),
        label: z.string({ error: "expected a string" }).min(1, { error: "must not be empty" }).max(1024),
        note: label.optional(),
        wallet_name: walletName.optional(),
      },
      paramHelp: {
        address: "a TIME address of this network",
        label: "the name shown for it",
        note: "an optional note",
        wallet_name: "the wallet (default: the one loaded)",
      },
      result: "null",
      handler: guarded(async (service, p) => {
        await service.setAddressBookEntry(p.wallet_name, {
          address: p.address,
          label: p.label,
          ...(p.note === undefined ? {} : { note: p.note }),
        });
        return null;
      }),
    }),
    defineMethod({
      name: "removeaddressbookentry",
      summary: "removes an address book entry (needs the wallet unlocked)",
      params: { address: text(64), wallet_name: walletName.optional() },
      paramHelp: { address: "the entry's address", wallet_name: "the wallet (default: the one loaded)" },
      result: "true when an entry was removed, false when there was none",
      handler: guarded((service, p) => service.removeAddressBookEntry(p.wallet_name, p.address)),
    }),
    defineMethod({
      name: "exportlabels",
      summary: "the wallet's labels and address book as BIP-329 JSON lines (for other wallets)",
      params: { wallet_name: walletName.optional() },
      paramHelp: { wallet_name: "the wallet (default: the one loaded)" },
      result: 'text: one {"type","ref","label"} JSON object per line',
      handler: guarded((service, p) => service.exportLabels(p.wallet_name)),
    }),
    defineMethod({
      name: "importlabels",
      summary:
        "imports BIP-329 tx and addr labels (needs the wallet unlocked); a broken file changes nothing",
      params: {
        labels: z.string({ error: "expected a string" }).max(16 * 1024 * 1024),
        wallet_name: walletName.optional(),
      },
      paramHelp: {
        labels: "the file's text: JSON lines",
        wallet_name: "the wallet (default: the one loaded)",
      },
      result: "{ imported, skipped } (skipped: records of types this wallet does not keep)",
      handler: guarded((service, p) => service.importLabels(p.wallet_name, p.labels)),
    }),
    defineMethod({
      name: "backupwallet",
      summary: "copies the wallet's encrypted keystore file to a path on this node",
      params: { destination: text(4096), wallet_name: walletName.optional() },
      paramHelp: {
        destination: "the file to write (must not exist)",
        wallet_name: "the wallet (default: the one loaded)",
      },
      result: "null",
      handler: guarded(async (service, p) => {
        await service.backup(service.get(p.wallet_name).name, p.destination);
        return null;
      }),
    }),
    defineMethod({
      name: "masternodesetup",
      summary:
        "sets up a masternode from the wallet: sends the exact collateral to itself if no coin holds it, else registers it with a new operator key kept encrypted",
      params: {
        label: text(64),
        tier: z.enum(["bronze", "silver", "gold"], { error: "expected bronze, silver or gold" }),
        network_address: text(255),
        collateral_txid: hash32.optional(),
        collateral_vout: boundedInt(0, 0xffff_ffff).optional(),
        wallet_name: walletName.optional(),
      },
      paramHelp: {
        label: "your name for this masternode",
        tier: "bronze, silver or gold",
        network_address: "host:port the masternode is reached at",
        collateral_txid:
          "a coin of the wallet to register (default: a final coin of exactly the tier's collateral)",
        collateral_vout: "its output index",
        wallet_name: "the wallet (default: the one loaded)",
      },
      result:
        '{state: "collateral-sent", txid} (call again once final) or {state: "registered", txid, operator}',
      handler: guarded(async (service, p) => {
        if ((p.collateral_txid === undefined) !== (p.collateral_vout === undefined)) {
          throw new ApiError("API_INVALID_PARAMETER", "give collateral_txid and collateral_vout together", {
            param: "collateral_vout",
          });
        }
        const result = await service.masternodeSetup(p.wallet_name, {
          label: p.label,
          tier: p.tier,
          networkAddress: p.network_address,
          ...(p.collateral_txid === undefined || p.collateral_vout === undefined
            ? {}
            : { collateral: { txid: p.collateral_txid, index: p.collateral_vout } }),
        });
        return result.state === "registered"
          ? { state: result.state, txid: result.txid, operator: result.operatorPublicKey }
          : { state: result.state, txid: result.txid };
      }),
    }),
    defineMethod({
      name: "masternodeinfo",
      summary:
        "the wallet's masternodes: registered, tier, collateral, payout, active, last heartbeat, with the reason when not active",
      params: { wallet_name: walletName.optional() },
      paramHelp: { wallet_name: "the wallet (default: the one loaded)" },
      result:
        "[{label, operator, registered, running_here, active, reason; once registered also tier, collateral, collateral_amount, payout_address, network_address, registered_height, last_heartbeat, last_reward (TIME paid to the payout address by the latest block that paid it, or null), last_reward_height, last_reward_txid, total_rewards (TIME paid to the current payout address since the registration)}]",
      handler: guarded(async (service, p, { api }) =>
        (await service.masternodesWithRewards(p.wallet_name)).map((m) => walletMasternodeJson(api, m)),
      ),
    }),
    defineMethod({
      name: "masternodestart",
      summary:
        "runs the wallet's registered masternode on this node: the node starts again with its operator key (as Dash's start-alias)",
      params: { label: text(64), wallet_name: walletName.optional() },
      paramHelp: { label: "the masternode's label", wallet_name: "the wallet (default: the one loaded)" },
      result: '{ state: "restarting" | "running", operator }',
      handler: guarded(async (service, p, call) => {
        const host = call.api.ctx.masternodeHost;
        if (host === undefined) {
          throw new ApiError("API_MISC_ERROR", "this node cannot run a masternode for its wallet");
        }
        const { seed, operatorPublicKey } = await service.masternodeOperatorSeed(p.wallet_name, p.label);
        try {
          if (host.operatorPublicKey === operatorPublicKey)
            return { state: "running", operator: operatorPublicKey };
          if (host.operatorPublicKey !== null) {
            throw new ApiError(
              "API_WALLET_ERROR",
              `this node already runs the masternode ${host.operatorPublicKey}; one node runs one masternode`,
            );
          }
          await host.install(seed);
        } finally {
          seed.fill(0);
        }
        call.afterReply(() => host.restart());
        return { state: "restarting", operator: operatorPublicKey };
      }),
    }),
    defineMethod({
      name: "masternodesetpayout",
      summary:
        "changes where the wallet's masternode is paid (a payout-change transaction signed by the collateral key); masternodeinfo shows the new address once it is in a block",
      params: { label: text(64), payout_address: text(128), wallet_name: walletName.optional() },
      paramHelp: {
        label: "the masternode's label (as masternodeinfo lists it)",
        payout_address: "the new payout address",
        wallet_name: "the wallet (default: the one loaded)",
      },
      result: "{txid}",
      handler: guarded(async (service, p) => ({
        txid: await service.masternodeSetPayout(p.wallet_name, p.label, p.payout_address),
      })),
    }),
    defineMethod({
      name: "masternoderemove",
      summary: "deregisters the wallet's masternode; its collateral (less the fee) returns to its address",
      params: { label: text(64), wallet_name: walletName.optional() },
      paramHelp: { label: "the masternode's label", wallet_name: "the wallet (default: the one loaded)" },
      result: "txid",
      handler: guarded((service, p) => service.masternodeRemove(p.wallet_name, p.label)),
    }),
  ];
}
