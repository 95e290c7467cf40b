// Masternodes from a wallet: set up (a fresh operator key stored encrypted in the keystore's secrets, and
// the registration of a settled coin of the wallet holding exactly a tier's collateral, or first a payment
// of that collateral to the wallet's own address), the wallet's masternodes as the chain has them, a
// change of payout address, and deregistration (the collateral returns to its address). Planning and
// signing are send/'s.
import { blockHash } from "../../codec/index.js";
import { publicKeyFromSeed, randomSeed } from "../../crypto/index.js";
import { outpointKey } from "../../kernel/index.js";
import { MASTERNODE_TIERS, type MasternodeTier } from "../../params/index.js";
import type { AddressPayload, MasternodeRecord, OutPoint } from "../../types/index.js";
import { toHex } from "../../types/index.js";
import { wipe } from "../keystore/index.js";
import {
  planDeregistration,
  planPayment,
  planPayoutChange,
  planRegistration,
  SendError,
  signPlan,
} from "../send/index.js";
import { WalletServiceError } from "./errors.js";
import type { LoadedWallet } from "./loaded-wallet.js";
import type { ResolvedWalletServiceOptions, WalletServiceModules } from "./options.js";
import { spendCandidates } from "./spend-candidates.js";

export interface MasternodeSetupRequest {
  /** The user's name for it (unique in the wallet). */
  readonly label: string;
  readonly tier: MasternodeTier["name"];
  /** "host:port" the node is reached at. */
  readonly networkAddress: string;
  /** A coin of the wallet to register; default: a settled coin of exactly the tier's collateral. */
  readonly collateral?: OutPoint;
}

export type MasternodeSetupResult =
  | {
      /** No coin of the exact collateral yet: one was sent to the wallet's own address; call again once final. */
      readonly state: "collateral-sent";
      readonly txid: string;
    }
  | { readonly state: "registered"; readonly txid: string; readonly operatorPublicKey: string };

export interface WalletMasternode {
  readonly label: string;
  readonly operatorPublicKey: string;
  /** The chain's record, or null while not registered (or after deregistration). */
  readonly record: MasternodeRecord | null;
}

/**
 * What the chain paid a masternode's current payout address in the reward transactions of the blocks
 * after its registration (its pool share, and the producer's share of the blocks it proposed).
 */
export interface MasternodeRewards {
  readonly total: bigint;
  /** The latest of those payments, or null before the first. */
  readonly last: { readonly height: bigint; readonly amount: bigint; readonly txid: string } | null;
}

type Parts = {
  readonly opts: ResolvedWalletServiceOptions;
  readonly modules: WalletServiceModules;
};

function tierOf(name: string): MasternodeTier {
  const tier = MASTERNODE_TIERS.find((t) => t.name === name && t.collateral > 0n);
  if (tier === undefined) {
    throw new SendError("SEND_MASTERNODE_RULE", `there is no ${name} tier with collateral`, {
      rule: "tier-unknown",
      actual: name,
    });
  }
  return tier;
}

export async function setupMasternode(
  wallet: LoadedWallet,
  request: MasternodeSetupRequest,
  { opts, modules }: Parts,
): Promise<MasternodeSetupResult> {
  const tier = tierOf(request.tier);
  const keystore = wallet.keystore(); // WALLET_LOCKED unless unlocked
  const known = keystore.secrets.masternodeOperatorKeySeeds;
  const existing = wallet.operatorKeys.get(request.label);
  if (existing !== undefined) {
    if ((await modules.view.getMasternodeByOperator(Buffer.from(existing, "hex"))) !== null) {
      throw new SendError("SEND_MASTERNODE_RULE", `the masternode ${request.label} is registered already`, {
        rule: "label-registered",
      });
    }
  }
  const candidates = spendCandidates(wallet);
  const collateral =
    request.collateral ??
    candidates.find((c) => c.amount === tier.collateral && !c.locked && (c.final || c.inBlock))?.outpoint;
  if (collateral === undefined) {
    // Step one: the exact collateral to the wallet's own next address.
    const own = wallet.watch.nextReceiveAddress();
    const plan = planPayment(opts.network, {
      candidates,
      payments: [{ amount: tier.collateral, address: own.payload }],
    });
    const signed = wallet.withSigningKeys((keyFor) => signPlan(plan, keyFor));
    return { state: "collateral-sent", txid: await wallet.submit(signed.transaction) };
  }
  // Step two: an operator key (kept encrypted before anything is signed with it) and the registration.
  let seed = known.find((k) => k.label === request.label)?.seed;
  if (seed === undefined) {
    const fresh = randomSeed();
    await keystore.save({
      ...keystore.secrets,
      masternodeOperatorKeySeeds: [...known, { label: request.label, seed: fresh }],
    });
    wipe(fresh);
    seed = wallet.keystore().secrets.masternodeOperatorKeySeeds.find((k) => k.label === request.label)?.seed;
    if (seed === undefined)
      throw new WalletServiceError("WALLET_LOCKED", "the wallet locked meanwhile", { name: wallet.name });
  }
  const operatorSeed = Uint8Array.from(seed);
  try {
    const operatorPublicKey = publicKeyFromSeed(operatorSeed);
    wallet.operatorKeys.set(request.label, toHex(operatorPublicKey));
    const coin = candidates.find((c) => outpointKey(c.outpoint) === outpointKey(collateral));
    const plan = planRegistration(opts.network, {
      candidates,
      collateral,
      tier: tier.name,
      operatorPublicKey,
      payoutAddress: coin?.address ?? wallet.watch.nextReceiveAddress().payload,
      networkAddress: request.networkAddress,
      operatorInUse: (await modules.view.getMasternodeByOperator(operatorPublicKey)) !== null,
    });
    const signed = wallet.withSigningKeys((keyFor) =>
      signPlan(plan, keyFor, { operatorKey: { seed: operatorSeed, publicKey: operatorPublicKey } }),
    );
    const txid = await wallet.submit(signed.transaction);
    return { state: "registered", txid, operatorPublicKey: toHex(operatorPublicKey) };
  } finally {
    wipe(operatorSeed);
  }
}

/** The wallet's operator keys and what the chain has registered under each. */
export async function walletMasternodes(
  wallet: LoadedWallet,
  { modules }: Parts,
): Promise<WalletMasternode[]> {
  const out: WalletMasternode[] = [];
  for (const [label, operatorPublicKey] of wallet.operatorKeys) {
    const record = await modules.view.getMasternodeByOperator(Buffer.from(operatorPublicKey, "hex"));
    out.push({ label, operatorPublicKey, record });
  }
  return out;
}

/**
 * The rewards of a registered masternode, from the wallet's own history: its reward transactions (found by
 * the tracker because they pay a wallet address) in blocks above the registration, each block's reward
 * outputs to the payout address read once from the chain and kept per (txid, block hash), so a rolled-back
 * reward is never counted and later calls read only new blocks.
 */
export async function masternodeRewards(
  wallet: LoadedWallet,
  record: MasternodeRecord,
  { modules }: Parts,
): Promise<MasternodeRewards> {
  const payout = toHex(record.payoutAddress);
  let total = 0n;
  let last: MasternodeRewards["last"] = null;
  for (const tx of wallet.tracker.transactions()) {
    if (!tx.isReward || tx.height === null || tx.blockHash === null) continue;
    if (tx.height <= record.registeredHeight) continue;
    const key = `${tx.txid}@${tx.blockHash}`;
    let paid = wallet.rewardPayouts.get(key);
    if (paid === undefined) {
      const certified = await modules.view.getBlockByHeight(tx.height);
      // Not (or no longer) the block the tracker holds: counted once the tracker has caught up.
      if (certified === null || toHex(blockHash(certified.block.header)) !== tx.blockHash) continue;
      const byAddress = new Map<string, bigint>();
      for (const output of certified.block.transactions[0]?.outputs ?? []) {
        if (wallet.watch.lookup(output.address) === undefined) continue;
        const address = toHex(output.address);
        byAddress.set(address, (byAddress.get(address) ?? 0n) + output.amount);
      }
      paid = byAddress;
      wallet.rewardPayouts.set(key, paid);
    }
    const amount = paid.get(payout);
    if (amount === undefined) continue;
    total += amount;
    if (last === null || tx.height > last.height) last = { height: tx.height, amount, txid: tx.txid };
  }
  return { total, last };
}

/**
 * A copy of the operator seed of the wallet's masternode `label`, once the chain has its registration, for
 * the host to run it (the caller wipes it). Needs the unlock.
 */
export async function masternodeOperatorSeed(
  wallet: LoadedWallet,
  label: string,
  parts: Parts,
): Promise<{ readonly seed: Uint8Array; readonly operatorPublicKey: string }> {
  const keystore = wallet.keystore(); // WALLET_LOCKED unless unlocked
  const mine = (await walletMasternodes(wallet, parts)).find((m) => m.label === label);
  const seed = keystore.secrets.masternodeOperatorKeySeeds.find((k) => k.label === label)?.seed;
  if (mine === undefined || seed === undefined) {
    throw new SendError("SEND_MASTERNODE_RULE", `the wallet has no masternode labelled ${label}`, {
      rule: "label-unknown",
      actual: label,
    });
  }
  if (mine.record === null) {
    throw new SendError(
      "SEND_MASTERNODE_RULE",
      `the registration of ${label} is not in a block yet: wait for it, then start the masternode`,
      { rule: "not-registered", actual: label },
    );
  }
  return { seed: Uint8Array.from(seed), operatorPublicKey: mine.operatorPublicKey };
}

/** The chain's record of the wallet's masternode `label`; SEND_MASTERNODE_RULE when there is none. */
async function registeredRecord(
  wallet: LoadedWallet,
  label: string,
  parts: Parts,
): Promise<MasternodeRecord> {
  const mine = (await walletMasternodes(wallet, parts)).find((m) => m.label === label);
  if (mine?.record == null) {
    throw new SendError("SEND_MASTERNODE_RULE", `the wallet has no registered masternode ${label}`, {
      rule: "not-registered",
      actual: label,
    });
  }
  return mine.record;
}

/**
 * Points the wallet's masternode `label` at a new payout address (the payout-change special transaction,
 * signed by the collateral key, its fee from the wallet's other coins); resolves with the txid once the
 * pool admitted it. The registry pays the new address from the block after the one that holds it.
 */
export async function setMasternodePayout(
  wallet: LoadedWallet,
  label: string,
  payoutAddress: AddressPayload,
  parts: Parts,
): Promise<string> {
  const record = await registeredRecord(wallet, label, parts);
  wallet.keystore(); // WALLET_LOCKED unless unlocked
  const plan = planPayoutChange(parts.opts.network, {
    candidates: spendCandidates(wallet),
    masternode: record,
    payoutAddress,
  });
  const signed = wallet.withSigningKeys((keyFor) => signPlan(plan, keyFor));
  return wallet.submit(signed.transaction);
}

/** Deregisters the wallet's masternode `label`; the collateral (less the fee) returns to its address. */
export async function removeMasternode(wallet: LoadedWallet, label: string, parts: Parts): Promise<string> {
  const record = await registeredRecord(wallet, label, parts);
  wallet.keystore(); // WALLET_LOCKED unless unlocked
  const plan = planDeregistration(parts.opts.network, {
    candidates: spendCandidates(wallet),
    masternode: record,
  });
  const signed = wallet.withSigningKeys((keyFor) => signPlan(plan, keyFor));
  return wallet.submit(signed.transaction);
}
