// WalletService: the wallets of one node side by side in `<datadir>/wallets/` (KeystoreDirectory): create
// (the mnemonic is returned once), restore (a resumable restore scan from the birthday), list, load / unload,
// lock / unlock with an idle auto-lock, change password, backup, rename, remove; and, on a loaded wallet,
// addresses, balance, coins, history and sending through the node. The API's wallet methods call only this.
import { join } from "node:path";
import { publicKeyFromSeed } from "../../crypto/index.js";
import { checkMnemonic, generateMnemonic } from "../../keys/index.js";
import { type AddressPayload, type OutPoint, type TxOutput, toHex } from "../../types/index.js";
import { EventHub, type Logger } from "../../util/index.js";
import type { DerivedAddress, UsedIndices } from "../accounts/index.js";
import {
  type AddressBookEntry,
  Keystore,
  KeystoreDirectory,
  SECRETS_LIMITS,
  type WalletSecrets,
} from "../keystore/index.js";
import {
  type CoinChoice,
  type PlanPreview,
  parseRecipient,
  planPayment,
  previewPlan,
  SendError,
  type SendPlan,
  type SpendCandidate,
  signPlan,
} from "../send/index.js";
import {
  type AbandonResult,
  explainSend,
  FileScanCheckpointStore,
  type SendDetails,
  type SendExplanation,
  TrackerError,
} from "../tracker/index.js";
import { exportLabels, parseLabelImport } from "./bip329.js";
import { WalletServiceError } from "./errors.js";
import type { WalletServiceEvents } from "./events.js";
import {
  accountOfKeystore,
  deriveLookahead,
  discardHandedOver,
  type HandedOverWallet,
  LoadedWallet,
} from "./loaded-wallet.js";
import {
  type MasternodeRewards,
  type MasternodeSetupRequest,
  type MasternodeSetupResult,
  masternodeOperatorSeed,
  masternodeRewards,
  removeMasternode,
  setMasternodePayout,
  setupMasternode,
  type WalletMasternode,
  walletMasternodes,
} from "./masternodes.js";
import {
  type ResolvedWalletServiceOptions,
  resolveWalletServiceOptions,
  type WalletServiceModules,
  type WalletServiceOptions,
} from "./options.js";
import { spendCandidates } from "./spend-candidates.js";

const encoder = new TextEncoder();

export interface CreatedWallet {
  readonly name: string;
  /** Shown once: it is never returned again. */
  readonly mnemonic: string;
}

export interface SendRequest {
  readonly address: string;
  readonly amount: bigint;
  /** The recipient pays the fee out of `amount`. */
  readonly subtractFee?: boolean;
  /** Manual coin control: spend exactly these coins of the wallet, all of them (change returns as usual). */
  readonly coinControl?: readonly OutPoint[];
  /** sat per byte (MIN_CHOSEN_FEE_RATE..MAX_CHOSEN_FEE_RATE); default the network minimum. */
  readonly feeRate?: number;
}

export interface SendResult {
  readonly txid: string;
  readonly preview: PlanPreview;
}

export class WalletService {
  readonly opts: ResolvedWalletServiceOptions;
  readonly events: EventHub<WalletServiceEvents>;
  readonly directory: KeystoreDirectory;
  readonly #modules: WalletServiceModules;
  readonly #logger: Logger;
  readonly #loaded = new Map<string, LoadedWallet>();
  #closed = false;

  constructor(opts: WalletServiceOptions, modules: WalletServiceModules) {
    this.opts = resolveWalletServiceOptions(opts);
    this.#modules = modules;
    this.#logger = modules.logger.child({ module: "wallet" });
    this.events = new EventHub<WalletServiceEvents>(this.#logger);
    this.directory = new KeystoreDirectory(
      { dir: this.opts.dir },
      { keystore: modules.keystore ?? new Keystore() },
    );
  }

  // ---- wallets ----

  /** Creates and loads a new wallet (locked); its birthday is the current tip. Returns the mnemonic once. */
  async create(
    name: string,
    password: string,
    words: 12 | 24 = 24,
    mnemonicPassphrase = "",
  ): Promise<CreatedWallet> {
    this.#ensureOpen();
    const mnemonic = generateMnemonic(words === 12 ? 128 : 256);
    const tip = this.#modules.view.getTip();
    await this.#createFile(name, password, mnemonic, mnemonicPassphrase, tip?.height ?? 0n, false);
    await this.load(name, password);
    return { name, mnemonic };
  }

  /** Restores a wallet from its mnemonic and loads it; the restore scan from `birthday` runs in the background. */
  async restore(
    name: string,
    password: string,
    mnemonicText: string,
    mnemonicPassphrase = "",
    birthday = 0n,
  ): Promise<{ readonly name: string }> {
    this.#ensureOpen();
    const check = checkMnemonic(mnemonicText);
    if (!check.valid) {
      throw new WalletServiceError(
        "WALLET_BAD_MNEMONIC",
        `the recovery phrase is not valid (${check.code})`,
        {
          problem: check.code,
        },
      );
    }
    // The words came from the person's own backup: this restore confirms it.
    await this.#createFile(name, password, check.mnemonic, mnemonicPassphrase, birthday, true);
    await this.load(name, password);
    return { name };
  }

  /** The wallet files in the directory and whether each is loaded. */
  async list(): Promise<{ readonly name: string; readonly loaded: boolean }[]> {
    return (await this.directory.list()).map((entry) => ({
      name: entry.name,
      loaded: this.#loaded.has(entry.name),
    }));
  }

  loadedNames(): string[] {
    return [...this.#loaded.keys()];
  }

  /**
   * Loads wallet `name`: the password opens the keystore once to derive the watched addresses, then the keys
   * are wiped and the wallet stays loaded and locked. The scan (catching up from the last checkpoint, or a
   * restore resuming where it stopped) starts in the background.
   */
  async load(name: string, password: string): Promise<LoadedWallet> {
    this.#ensureOpen();
    if (this.#loaded.has(name)) {
      throw new WalletServiceError("WALLET_ALREADY_LOADED", `the wallet ${name} is loaded already`, { name });
    }
    const keystore = await this.directory.unlock(name, password);
    let wallet: LoadedWallet;
    try {
      const watch = accountOfKeystore(keystore, this.opts);
      // The window grows from the used indices the last scan saved: a wallet past its first ~220
      // addresses is watched past them too (the keys are wiped below, and cannot derive later).
      const used = await savedUsedIndices(join(this.opts.dir, `${name}.scan.json`));
      if (used !== null) watch.restoreUsed(used);
      deriveLookahead(watch, this.opts.lockedLookahead);
      watch.wipe();
      const { secrets } = keystore;
      wallet = new LoadedWallet(
        {
          name,
          birthday: secrets.birthdayHeight,
          labels: new Map(secrets.labels),
          addressBook: new Map(secrets.addressBook.map((entry) => [entry.address, entry] as const)),
          operatorKeys: new Map(
            secrets.masternodeOperatorKeySeeds.map(
              (k) => [k.label, toHex(publicKeyFromSeed(k.seed))] as const,
            ),
          ),
          watch,
          backedUp: isBackedUp(secrets),
        },
        this.opts,
        { ...this.#modules, directory: this.directory },
        this.events,
        this.#logger,
      );
    } finally {
      keystore.lock();
    }
    if (this.#loaded.has(name) || this.#closed) {
      throw new WalletServiceError("WALLET_ALREADY_LOADED", `the wallet ${name} is loaded already`, { name });
    }
    this.#loaded.set(name, wallet);
    void wallet.start();
    return wallet;
  }

  /**
   * Closes the service like close(), handing its loaded wallets (in load order) to the next service of
   * this process: see HandedOverWallet. The caller passes them to adopt() or discardHandedOver().
   */
  async handOver(): Promise<HandedOverWallet[]> {
    if (this.#closed) return [];
    this.#closed = true;
    const handed: HandedOverWallet[] = [];
    try {
      for (const [name, wallet] of [...this.#loaded]) {
        this.#loaded.delete(name);
        handed.push(await wallet.handOff());
      }
    } catch (error) {
      discardHandedOver(handed);
      for (const name of [...this.#loaded.keys()].reverse()) await this.unload(name);
      throw error;
    }
    return handed;
  }

  /**
   * Loads the wallets a previous service of this process handed over, unlocked as they were, each
   * resuming its scan from its checkpoint. Takes ownership of their keystores.
   */
  async adopt(handed: readonly HandedOverWallet[]): Promise<void> {
    for (const [i, { parts, keystore, unlockMs, remainingMs }] of handed.entries()) {
      if (this.#closed || this.#loaded.has(parts.name)) {
        keystore?.lock();
        continue;
      }
      try {
        const wallet = new LoadedWallet(
          parts,
          this.opts,
          { ...this.#modules, directory: this.directory },
          this.events,
          this.#logger,
        );
        this.#loaded.set(parts.name, wallet);
        void wallet.start();
        if (keystore !== null) await wallet.adoptKeystore(keystore, unlockMs, remainingMs);
      } catch (error) {
        discardHandedOver(handed.slice(i));
        throw error;
      }
    }
  }

  async unload(name: string): Promise<void> {
    const wallet = this.get(name);
    this.#loaded.delete(wallet.name);
    await wallet.close();
  }

  /** The loaded wallet `name`, or the only loaded one when `name` is undefined. */
  get(name?: string): LoadedWallet {
    if (name === undefined) {
      const loaded = [...this.#loaded.values()];
      if (loaded.length === 1) return loaded[0] as LoadedWallet;
      throw new WalletServiceError(
        "WALLET_NOT_SPECIFIED",
        loaded.length === 0
          ? "no wallet is loaded (loadwallet, createwallet or restorewallet first)"
          : "several wallets are loaded: name one with wallet_name",
        { loaded: this.loadedNames() },
      );
    }
    const wallet = this.#loaded.get(name);
    if (wallet === undefined) {
      throw new WalletServiceError("WALLET_NOT_LOADED", `the wallet ${name} is not loaded`, { name });
    }
    return wallet;
  }

  async unlock(name: string | undefined, password: string, timeoutMs = this.opts.autoLockMs): Promise<void> {
    await this.get(name).unlock(password, timeoutMs);
  }

  lock(name?: string): void {
    this.get(name).lock("lock");
  }

  /** Re-wraps the keystore's data key under `next` (the wallet's lock state is unchanged). */
  async changePassword(name: string, current: string, next: string): Promise<void> {
    const wallet = this.#loaded.get(name);
    if (wallet !== undefined && !wallet.locked) {
      await wallet.keystore().changePassword(current, next);
      return;
    }
    const keystore = await this.directory.unlock(name, current);
    try {
      await keystore.changePassword(current, next);
    } finally {
      keystore.lock();
    }
  }

  /** Exports the encrypted keystore of `name` to `destination` (refuses to overwrite). */
  backup(name: string, destination: string): Promise<void> {
    return this.directory.exportBackup(name, destination);
  }

  async rename(from: string, to: string): Promise<void> {
    if (this.#loaded.has(from)) {
      throw new WalletServiceError("WALLET_ALREADY_LOADED", `unload the wallet ${from} before renaming it`, {
        name: from,
      });
    }
    await this.directory.rename(from, to);
  }

  /** Removes wallet `name` and its backups (`confirm` is the name typed again); a loaded wallet is unloaded. */
  async remove(name: string, confirm: string): Promise<void> {
    if (confirm === name && this.#loaded.has(name)) await this.unload(name);
    await this.directory.remove(name, confirm);
  }

  // ---- using a loaded wallet ----

  /** The receive address to hand out next (the lowest unused one), labelled when `label` is given. */
  async newAddress(name: string | undefined, label?: string): Promise<DerivedAddress> {
    const wallet = this.get(name);
    const address = wallet.watch.issueReceiveAddress();
    if (label !== undefined && label.length > 0) await this.setLabel(wallet.name, address.address, label);
    return address;
  }

  /**
   * Records whether the recovery words are backed up (the person confirmed them), in the keystore, so every
   * window and browser on this wallet agrees; saved encrypted with the rest, so this needs the unlock.
   */
  async setBackedUp(name: string | undefined, backedUp: boolean): Promise<void> {
    const wallet = this.get(name);
    const keystore = wallet.keystore();
    const extra = { ...keystore.secrets.extra };
    if (backedUp) extra[BACKED_UP_FLAG] = true;
    else delete extra[BACKED_UP_FLAG];
    await keystore.save({ ...keystore.secrets, extra });
    wallet.backedUp = backedUp;
  }

  /** Sets (or with "" clears) the label of an address; labels are saved encrypted, so this needs the unlock. */
  async setLabel(name: string | undefined, key: string, label: string): Promise<void> {
    const wallet = this.get(name);
    const keystore = wallet.keystore();
    const labels = new Map(keystore.secrets.labels);
    if (label.length === 0) labels.delete(key);
    else labels.set(key, label);
    await keystore.save({ ...keystore.secrets, labels });
    if (label.length === 0) wallet.labels.delete(key);
    else wallet.labels.set(key, label);
  }

  /** The address book, by name then address. */
  addressBook(name: string | undefined): AddressBookEntry[] {
    return [...this.get(name).addressBook.values()].sort(
      (a, b) => a.label.localeCompare(b.label) || a.address.localeCompare(b.address),
    );
  }

  /**
   * Adds or replaces the address book entry of `entry.address` (checked as a TIME address of this
   * network). Saved encrypted, so this needs the unlock.
   */
  async setAddressBookEntry(name: string | undefined, entry: AddressBookEntry): Promise<void> {
    const wallet = this.get(name);
    parseRecipient(entry.address, this.opts.network);
    const clean: AddressBookEntry = {
      address: entry.address,
      label: entry.label,
      ...(entry.note !== undefined && entry.note.length > 0 ? { note: entry.note } : {}),
    };
    const keystore = wallet.keystore();
    const book = keystore.secrets.addressBook.filter((e) => e.address !== clean.address);
    book.push(clean);
    await keystore.save({ ...keystore.secrets, addressBook: book });
    wallet.addressBook.set(clean.address, clean);
  }

  /** Removes the entry of `address`; false when there was none. Needs the unlock. */
  async removeAddressBookEntry(name: string | undefined, address: string): Promise<boolean> {
    const wallet = this.get(name);
    if (!wallet.addressBook.has(address)) return false;
    const keystore = wallet.keystore();
    const book = keystore.secrets.addressBook.filter((e) => e.address !== address);
    await keystore.save({ ...keystore.secrets, addressBook: book });
    wallet.addressBook.delete(address);
    return true;
  }

  /** The wallet's labels and address book as BIP-329 JSON lines. */
  exportLabels(name: string | undefined): string {
    const wallet = this.get(name);
    return exportLabels(wallet.labels, [...wallet.addressBook.values()]);
  }

  /**
   * Imports a BIP-329 file's tx and addr labels (replacing labels of the same ref) in one encrypted save;
   * a broken file changes nothing. Needs the unlock.
   */
  async importLabels(
    name: string | undefined,
    text: string,
  ): Promise<{ readonly imported: number; readonly skipped: number }> {
    const wallet = this.get(name);
    const { records, skipped } = parseLabelImport(text, this.opts.network);
    const keystore = wallet.keystore();
    const labels = new Map(keystore.secrets.labels);
    for (const record of records) labels.set(record.ref, record.label);
    if (labels.size > SECRETS_LIMITS.labels) {
      throw new WalletServiceError(
        "WALLET_BAD_LABELS",
        `a wallet holds at most ${SECRETS_LIMITS.labels} labels`,
        {
          line: 0,
          problem: "too many labels",
        },
      );
    }
    await keystore.save({ ...keystore.secrets, labels });
    for (const record of records) wallet.labels.set(record.ref, record.label);
    return { imported: records.length, skipped };
  }

  /**
   * What `send` would do now (inputs, outputs, change, fee, size), without signing or submitting: the
   * exact review before the user confirms. Works while locked (planning needs no key).
   */
  previewSend(name: string | undefined, request: SendRequest): PlanPreview {
    const wallet = this.get(name);
    const recipient = parseRecipient(request.address, this.opts.network);
    return previewPlan(this.#planSend(wallet, recipient, request), this.opts.network);
  }

  #planSend(wallet: LoadedWallet, recipient: AddressPayload, request: SendRequest): SendPlan {
    const { network } = this.opts;
    const candidates = spendCandidates(wallet);
    const choice: CoinChoice = {
      ...(request.coinControl === undefined ? {} : { coinControl: request.coinControl }),
      ...(request.feeRate === undefined ? {} : { feeRate: request.feeRate }),
    };
    return request.subtractFee === true
      ? planSubtractingFee(network, candidates, recipient, request.amount, choice)
      : planPayment(network, {
          candidates,
          payments: [{ amount: request.amount, address: recipient }],
          ...choice,
        });
  }

  /** Plans, signs and submits a payment; resolves with the txid once the mempool admitted it. */
  async send(name: string | undefined, request: SendRequest): Promise<SendResult> {
    const wallet = this.get(name);
    const { network } = this.opts;
    // A mistyped address is said first: unlocking would not help it.
    const recipient = parseRecipient(request.address, network);
    if (wallet.locked) wallet.keystore(); // the WALLET_LOCKED refusal, before any planning
    const plan = this.#planSend(wallet, recipient, request);
    const signed = wallet.withSigningKeys((keyFor) => signPlan(plan, keyFor));
    const txid = await wallet.submit(signed.transaction);
    return { txid, preview: previewPlan(plan, network) };
  }

  /**
   * Abandons a transaction of the wallet that is neither final nor in a block (Bitcoin Core's
   * abandontransaction): its coins are spendable again, and so is what its descendants of ours spent.
   */
  abandonTransaction(name: string | undefined, txid: string): Promise<AbandonResult> {
    return this.get(name).abandon(txid);
  }

  /**
   * Why a transaction of the wallet is stuck or was rejected, what it spent (where each coin stands) and
   * whom it paid: what a "send again" needs. Throws TRACKER_TX_NOT_FOUND for an unknown id.
   */
  explainTransaction(
    name: string | undefined,
    txid: string,
  ): { readonly details: SendDetails; readonly explanation: SendExplanation } {
    const wallet = this.get(name);
    const details = wallet.tracker.sendDetails(txid);
    if (details === null) {
      throw new TrackerError("TRACKER_TX_NOT_FOUND", `no transaction ${txid} in this wallet`, { txid });
    }
    return { details, explanation: explainSend(details, this.#modules.clock.now()) };
  }

  /** Sets up masternode `label`: the collateral payment to itself first if needed, then the registration. */
  masternodeSetup(name: string | undefined, request: MasternodeSetupRequest): Promise<MasternodeSetupResult> {
    return setupMasternode(this.get(name), request, { opts: this.opts, modules: this.#modules });
  }

  masternodes(name: string | undefined): Promise<WalletMasternode[]> {
    return walletMasternodes(this.get(name), { opts: this.opts, modules: this.#modules });
  }

  /** The wallet's masternodes with what each registered one has earned (null while not registered). */
  async masternodesWithRewards(
    name: string | undefined,
  ): Promise<(WalletMasternode & { readonly rewards: MasternodeRewards | null })[]> {
    const wallet = this.get(name);
    const parts = { opts: this.opts, modules: this.#modules };
    const out: (WalletMasternode & { readonly rewards: MasternodeRewards | null })[] = [];
    for (const mine of await walletMasternodes(wallet, parts)) {
      const rewards = mine.record === null ? null : await masternodeRewards(wallet, mine.record, parts);
      out.push({ ...mine, rewards });
    }
    return out;
  }

  /** The operator seed of registered masternode `label` (a copy: the caller wipes it). Needs the unlock. */
  masternodeOperatorSeed(
    name: string | undefined,
    label: string,
  ): Promise<{ readonly seed: Uint8Array; readonly operatorPublicKey: string }> {
    return masternodeOperatorSeed(this.get(name), label, { opts: this.opts, modules: this.#modules });
  }

  /** Changes the payout address of registered masternode `label` (an address of this network). */
  async masternodeSetPayout(name: string | undefined, label: string, payoutAddress: string): Promise<string> {
    const wallet = this.get(name);
    // A mistyped address is said first: unlocking would not help it.
    const payout = parseRecipient(payoutAddress, this.opts.network);
    return setMasternodePayout(wallet, label, payout, { opts: this.opts, modules: this.#modules });
  }

  masternodeRemove(name: string | undefined, label: string): Promise<string> {
    return removeMasternode(this.get(name), label, { opts: this.opts, modules: this.#modules });
  }

  /** Unloads every wallet (reverse load order); later calls are refused. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const name of [...this.#loaded.keys()].reverse()) await this.unload(name);
  }

  async #createFile(
    name: string,
    password: string,
    mnemonic: string,
    mnemonicPassphrase: string,
    birthdayHeight: bigint,
    backedUp: boolean,
  ): Promise<void> {
    const secrets: WalletSecrets = {
      mnemonic: encoder.encode(mnemonic),
      ...(mnemonicPassphrase.length > 0 ? { mnemonicPassphrase: encoder.encode(mnemonicPassphrase) } : {}),
      accountCount: 1,
      labels: new Map(),
      addressBook: [],
      masternodeOperatorKeySeeds: [],
      birthdayHeight,
      extra: backedUp ? { [BACKED_UP_FLAG]: true } : {},
    };
    const keystore = await this.directory.create(name, password, secrets);
    keystore.lock();
  }

  #ensureOpen(): void {
    if (this.#closed) throw new WalletServiceError("WALLET_CLOSED", "the wallet service is closed", {});
  }
}

/** The keystore `extra` key of the backup flag. */
const BACKED_UP_FLAG = "backedUp";

function isBackedUp(secrets: WalletSecrets): boolean {
  return secrets.extra[BACKED_UP_FLAG] === true;
}

/** A payment of `amount` less its own fee: re-planned until the fee it pays is the fee it subtracted. */
function planSubtractingFee(
  network: ResolvedWalletServiceOptions["network"],
  candidates: readonly SpendCandidate[],
  recipient: Uint8Array,
  amount: bigint,
  choice: CoinChoice,
): SendPlan {
  let fee = 0n;
  for (let attempt = 0; attempt < 4; attempt++) {
    if (amount <= fee) break;
    const payments: TxOutput[] = [{ amount: amount - fee, address: recipient }];
    const plan = planPayment(network, { candidates, payments, ...choice });
    if (plan.fee === fee) return plan;
    fee = plan.fee;
  }
  throw new SendError("SEND_BAD_AMOUNT", "the amount does not cover its own fee", { problem: "below-dust" });
}

/** The used indices of the wallet's scan checkpoint, or null when there is none or it cannot be read. */
async function savedUsedIndices(path: string): Promise<UsedIndices | null> {
  try {
    return (await new FileScanCheckpointStore(path).load())?.used ?? null;
  } catch {
    // A damaged checkpoint is the scan's to report (it starts over); the window starts from scratch.
    return null;
  }
}
