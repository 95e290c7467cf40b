// One loaded wallet: its watching account and tracker fed by the node (blocks, rollbacks, mempool, Snowball),
// its scan, and its lock state. A loaded wallet keeps watching the chain while LOCKED, as Bitcoin Core keeps
// watching a locked wallet: its addresses are derived at load (the password is needed once), then the
// watching account's chain keys and the keystore handle are wiped. Unlocking opens the keystore again and
// builds a separate signing account; locking (by call, by the idle timer, by unload) wipes both.
import { join } from "node:path";
import type { Transaction } from "../../types/index.js";
import { fromHex } from "../../types/index.js";
import { type EventHub, isNodeCoreError, type Logger, type Unsubscribe } from "../../util/index.js";
import { ADDRESS_CHAINS, type AddressChain, HdAccount, type SigningKey } from "../accounts/index.js";
import {
  type AddressBookEntry,
  type KeystoreDirectory,
  type UnlockedKeystore,
  wipe,
} from "../keystore/index.js";
import {
  type AbandonResult,
  FileScanCheckpointStore,
  type ScanProgress,
  type ScanResult,
  WalletTracker,
  type WalletTransaction,
} from "../tracker/index.js";
import { WalletServiceError } from "./errors.js";
import type { LockReason, WalletServiceEvents } from "./events.js";
import type { ResolvedWalletServiceOptions, WalletServiceModules } from "./options.js";

const decoder = new TextDecoder();

/** Where the wallet's scan stands, for getwalletinfo. */
export interface ScanState {
  readonly running: boolean;
  readonly progress: ScanProgress | null;
  /** The height a scan resumed from after a restart (it says so), or null. */
  readonly resumedFrom: bigint | null;
  readonly result: ScanResult | null;
  /** The code of the error that stopped the scan, if one did. */
  readonly error: string | null;
  /**
   * A payment landed in the last part of the watched window while locked: the window is extended and the
   * blocks from then on scanned again at the next unlock (getwalletinfo's scan_pending_unlock).
   */
  readonly pendingUnlock: boolean;
}

export interface LoadedWalletParts {
  readonly name: string;
  readonly birthday: bigint;
  readonly labels: Map<string, string>;
  /** Address book entries by address. */
  readonly addressBook: Map<string, AddressBookEntry>;
  /** Masternode operator public keys (hex) by label: public, kept for masternodeinfo while locked. */
  readonly operatorKeys: Map<string, string>;
  readonly watch: HdAccount;
  /** The recovery words were confirmed (or the wallet was restored from them): the backup reminder ends. */
  readonly backedUp: boolean;
}

/**
 * A loaded wallet as a closing service hands it to the next one in the same process (the node starting
 * again in-process to run the wallet's masternode): its public parts, and the open keystore when it was
 * unlocked, with the idle time it had left. Keys never leave the process; `discardHandedOver` locks them.
 */
export interface HandedOverWallet {
  readonly parts: LoadedWalletParts;
  readonly keystore: UnlockedKeystore | null;
  /** The idle timeout of its unlock (each use restarts it). */
  readonly unlockMs: number;
  /** What was left of it at the hand-over. */
  readonly remainingMs: number;
}

export class LoadedWallet {
  readonly name: string;
  readonly birthday: bigint;
  readonly tracker: WalletTracker;
  /** Labels by address (or txid): a copy of the keystore's, for display while locked. */
  readonly labels: Map<string, string>;
  /** The address book by address: a copy of the keystore's, for display (and sending) while locked. */
  readonly addressBook: Map<string, AddressBookEntry>;
  readonly operatorKeys: Map<string, string>;
  /** See LoadedWalletParts.backedUp; a copy of the keystore's flag, for display while locked. */
  backedUp: boolean;
  /**
   * Reward outputs to this wallet's addresses by "txid@blockHash" (masternodeRewards' cache: a block's
   * reward never changes, so each is read from the chain once).
   */
  readonly rewardPayouts = new Map<string, ReadonlyMap<string, bigint>>();
  readonly checkpointPath: string;
  #signer: HdAccount | null = null;
  #keystore: UnlockedKeystore | null = null;
  #unlockedUntil: number | null = null;
  #autoLockTimer: NodeJS.Timeout | null = null;
  #unlockMs = 0;
  #pollTimer: NodeJS.Timeout | null = null;
  readonly #unsubscribe: Unsubscribe[] = [];
  readonly #abort = new AbortController();
  #scan: {
    running: boolean;
    progress: ScanProgress | null;
    result: ScanResult | null;
    error: string | null;
  } = { running: false, progress: null, result: null, error: null };
  #closed = false;

  constructor(
    parts: LoadedWalletParts,
    private readonly opts: ResolvedWalletServiceOptions,
    private readonly modules: WalletServiceModules & { readonly directory: KeystoreDirectory },
    private readonly events: EventHub<WalletServiceEvents>,
    private readonly logger: Logger,
  ) {
    this.name = parts.name;
    this.birthday = parts.birthday;
    this.labels = parts.labels;
    this.addressBook = parts.addressBook;
    this.operatorKeys = parts.operatorKeys;
    this.backedUp = parts.backedUp;
    this.checkpointPath = join(opts.dir, `${parts.name}.scan.json`);
    this.tracker = new WalletTracker(
      {},
      { account: parts.watch, view: modules.view, clock: modules.clock, logger },
    );
  }

  get watch(): HdAccount {
    return this.tracker.account;
  }

  get locked(): boolean {
    return this.#signer === null;
  }

  /** Clock time the wallet locks itself, or null when locked. */
  get unlockedUntil(): number | null {
    return this.#unlockedUntil;
  }

  get scanState(): ScanState {
    return {
      ...this.#scan,
      resumedFrom: this.#scan.result?.resumedFrom ?? this.#scan.progress?.resumedFrom ?? null,
      running: this.#scan.running,
      pendingUnlock: this.tracker.windowPending() !== null,
    };
  }

  /**
   * Starts watching: the scan (resuming from the checkpoint beside the keystore) runs first in the tracker's
   * queue, the live node events queued behind it, then the pool's current transactions. Returns the scan's
   * promise (it never rejects: a failure is kept in scanState).
   */
  start(): Promise<void> {
    const { tracker } = this;
    const forward = tracker.events;
    this.#unsubscribe.push(
      forward.on("wallet:balanceChanged", (e) =>
        this.events.emit("wallet:balanceChanged", { wallet: this.name, ...e }),
      ),
      forward.on("wallet:transactionStatusChanged", (e) => {
        this.events.emit("wallet:transactionStatusChanged", { wallet: this.name, ...e });
        this.#pollWhilePending();
      }),
      forward.on("wallet:scanProgress", (e) => {
        this.#scan.progress = e;
        this.events.emit("wallet:scanProgress", { wallet: this.name, ...e });
      }),
      forward.on("wallet:windowLow", ({ chain, index }) => {
        const signer = this.#signer;
        if (signer !== null) {
          this.#extendWindow(signer, chain, index);
          return;
        }
        // Locked: the tracker records the need once the listeners return; keep it past a restart.
        void tracker.idle().then(() => this.#savePendingCheckpoint());
      }),
    );
    const { node } = this.modules;
    const { mempool, chain } = node.services;
    const feed = (what: string, run: () => Promise<void>) => {
      run().catch((error: unknown) =>
        this.logger.warn({ wallet: this.name, what, code: errorCode(error) }, "wallet input failed"),
      );
    };
    const scan = this.#runScan(false);
    this.#unsubscribe.push(
      node.events.on("chain:block", ({ certified }) => feed("block", () => tracker.onBlock(certified))),
      chain.onRollback((blocks) => feed("rollback", () => tracker.onRollback(blocks))),
      mempool.on("mempool:added", ({ entry }) =>
        feed("pool", () => tracker.onPoolTransaction({ tx: entry.tx, final: entry.final })),
      ),
      mempool.on("mempool:evicted", ({ entry, reason }) =>
        feed("eviction", () => tracker.onPoolEviction(entry.txid, reason)),
      ),
      node.events.on("snowball:final", ({ txid, status }) =>
        feed("final", () => tracker.onFinality(txid, status)),
      ),
      node.events.on("snowball:rejected", ({ txid, status }) =>
        feed("rejected", () => tracker.onFinality(txid, status)),
      ),
    );
    for (const entry of mempool.all()) {
      feed("pool", () => tracker.onPoolTransaction({ tx: entry.tx, final: entry.final }));
    }
    return scan;
  }

  /** The scan from the checkpoint (or, `fresh`, from the birthday); its outcome goes to scanState. */
  #runScan(fresh: boolean): Promise<void> {
    this.#scan.running = true;
    return this.tracker
      .rescan({
        birthday: this.birthday,
        store: new FileScanCheckpointStore(this.checkpointPath),
        signal: this.#abort.signal,
        fresh,
      })
      .then(
        (result) => {
          this.#scan.result = result;
        },
        (error: unknown) => {
          this.#scan.error = errorCode(error);
          this.logger.warn({ wallet: this.name, code: this.#scan.error }, "wallet scan failed");
        },
      )
      .finally(() => {
        this.#scan.running = false;
      });
  }

  /** Grows the watched window of `chain` from the signing account to `lookahead` past the gap window. */
  #extendWindow(signer: HdAccount, chain: AddressChain, index = -1): void {
    const { watch } = this;
    const last = Math.max(index, watch.highestUsed(chain)) + watch.gapLimit + this.opts.lockedLookahead;
    watch.adoptAddresses(signer, chain, last);
  }

  /**
   * Writes the state just before the block that ran the window short as the scan checkpoint (complete): a
   * restart (whose load derives the window from its used indices) or the next unlock scans again from there.
   */
  async #savePendingCheckpoint(): Promise<void> {
    const before = this.tracker.windowPending()?.before;
    if (before === null || before === undefined) return; // seen by a scan: the unlock redoes the scan
    const { snapshot, used } = before;
    const highest = (chain: AddressChain) => used[chain].reduce((a, b) => Math.max(a, b), -1);
    try {
      await new FileScanCheckpointStore(this.checkpointPath).save({
        account: this.watch.account,
        fingerprint: this.watch.address("receive", 0).payloadHex,
        birthday: this.birthday,
        complete: true,
        pass: 1,
        passStartHighest: { receive: highest("receive"), change: highest("change") },
        nextHeight: snapshot.tipHeight === null ? this.birthday : snapshot.tipHeight + 1n,
        lastHash: snapshot.tipHash,
        used,
        coins: snapshot.coins,
        transactions: snapshot.transactions,
        abandoned: snapshot.abandoned,
      });
    } catch (error) {
      this.logger.warn({ wallet: this.name, code: errorCode(error) }, "wallet window checkpoint failed");
    }
  }

  /** At unlock: the window grown on both chains, and a pending rescan started (from the saved state). */
  async #catchUpWindow(signer: HdAccount): Promise<void> {
    for (const chain of ADDRESS_CHAINS) this.#extendWindow(signer, chain);
    const pending = this.tracker.windowPending();
    if (pending === null) return;
    if (pending.before !== null) await this.#savePendingCheckpoint();
    this.tracker.clearWindowPending();
    void this.#runScan(pending.before === null);
  }

  /** Opens the keystore with `password` and keeps a signing account for `timeoutMs` of idleness. */
  async unlock(password: string, timeoutMs: number): Promise<void> {
    this.#ensureOpen();
    if (this.#signer !== null) {
      // Already unlocked: the password is checked all the same before the timeout is extended (Bitcoin
      // Core does too), and a wrong one leaves the wallet as it was: unlocked, with its old timeout.
      await this.modules.directory.verifyPassword(this.name, password);
      this.#ensureOpen();
      this.#unlockMs = timeoutMs;
      this.#armAutoLock();
      return;
    }
    const keystore = await this.modules.directory.unlock(this.name, password);
    let signer: HdAccount;
    try {
      signer = signingAccount(keystore, this.opts, this.watch);
    } catch (error) {
      keystore.lock();
      throw error;
    }
    if (this.#closed) {
      signer.wipe();
      keystore.lock();
      throw new WalletServiceError("WALLET_NOT_LOADED", `the wallet ${this.name} was unloaded`, {
        name: this.name,
      });
    }
    this.#signer = signer;
    this.#keystore = keystore;
    this.#unlockMs = timeoutMs;
    this.#armAutoLock();
    await this.#catchUpWindow(signer);
    this.events.emit("wallet:lockChanged", { wallet: this.name, locked: false, reason: "unlock" });
  }

  /**
   * Takes over the open keystore of the wallet's previous incarnation (see HandedOverWallet): unlocked as
   * it was, locking itself after `remainingMs` of idleness and then `unlockMs` after each use.
   */
  async adoptKeystore(keystore: UnlockedKeystore, unlockMs: number, remainingMs: number): Promise<void> {
    this.#ensureOpen();
    if (this.#signer !== null || keystore.locked) {
      keystore.lock();
      return;
    }
    this.modules.directory.adoptUnlocked(this.name, keystore);
    const signer = signingAccount(keystore, this.opts, this.watch);
    this.#signer = signer;
    this.#keystore = keystore;
    this.#unlockMs = unlockMs;
    this.#armAutoLock(remainingMs);
    await this.#catchUpWindow(signer);
    this.events.emit("wallet:lockChanged", { wallet: this.name, locked: false, reason: "unlock" });
  }

  /**
   * Closes the wallet like close(), but hands over its public parts and (when unlocked with time left)
   * its open keystore instead of wiping it; the caller owns the keystore from then on.
   */
  async handOff(): Promise<HandedOverWallet> {
    const keystore = this.#keystore;
    const unlockMs = this.#unlockMs;
    const until = this.#unlockedUntil;
    const remainingMs = until === null ? 0 : Math.max(0, until - this.modules.clock.now());
    // Detached first, so close() wipes the signing account only: the next wallet derives its own.
    this.#keystore = null;
    await this.close();
    const keep = keystore !== null && !keystore.locked && remainingMs > 0;
    if (!keep) keystore?.lock();
    return {
      parts: {
        name: this.name,
        birthday: this.birthday,
        labels: this.labels,
        addressBook: this.addressBook,
        operatorKeys: this.operatorKeys,
        watch: this.watch,
        backedUp: this.backedUp,
      },
      keystore: keep ? keystore : null,
      unlockMs,
      remainingMs: keep ? remainingMs : 0,
    };
  }

  #wipeKeys(): void {
    this.#signer?.wipe();
    this.#signer = null;
    this.#keystore?.lock();
    this.#keystore = null;
  }

  /** Wipes the signing account and the keystore handle; the wallet keeps watching. */
  lock(reason: LockReason = "lock"): void {
    if (this.#autoLockTimer !== null) clearTimeout(this.#autoLockTimer);
    this.#autoLockTimer = null;
    this.#unlockedUntil = null;
    const wasUnlocked = this.#signer !== null;
    this.#wipeKeys();
    if (wasUnlocked) this.events.emit("wallet:lockChanged", { wallet: this.name, locked: true, reason });
  }

  /** The open keystore (unlocked wallets only); every use restarts the idle timer. */
  keystore(): UnlockedKeystore {
    const keystore = this.#keystore;
    if (keystore === null || keystore.locked) throw this.#lockedError();
    this.#armAutoLock();
    return keystore;
  }

  /**
   * Runs `sign` with a key lookup for the wallet's addresses; every key handed out is wiped afterwards, and
   * the idle timer restarts.
   */
  withSigningKeys<T>(sign: (keyFor: (payload: Uint8Array) => SigningKey) => T): T {
    const signer = this.#signer;
    if (signer === null) throw this.#lockedError();
    this.#armAutoLock();
    const handedOut: SigningKey[] = [];
    try {
      return sign((payload) => {
        const key = signer.signingKey(payload);
        handedOut.push(key);
        return key;
      });
    } finally {
      for (const key of handedOut) wipe(key.seed);
    }
  }

  /**
   * Abandons a transaction that is neither final nor in a block (tracker.abandon) and keeps the abandoned
   * ids in the scan checkpoint beside the keystore, so a restart does not let the pool's copy take the
   * coins again. Needs no unlock: nothing is signed.
   */
  abandon(txid: string): Promise<AbandonResult> {
    this.#ensureOpen();
    const store = new FileScanCheckpointStore(this.checkpointPath);
    return this.tracker.abandon(txid, async (abandoned) => {
      const checkpoint = await store.load();
      // No checkpoint: the first scan never got to save one; it saves the tracker's list when it does.
      if (checkpoint !== null) await store.save({ ...checkpoint, abandoned });
    });
  }

  /** Submits through the node (resolves once the mempool admitted it) and tracks it as pending. */
  async submit(tx: Transaction): Promise<string> {
    let txid: string;
    try {
      ({ txid } = await this.modules.node.submitAndWait(tx));
    } catch (error) {
      // Which rule and which outpoint (never a key): what a person reporting "it did not go through" needs.
      const payload = isNodeCoreError(error) ? error.payload : undefined;
      this.logger.info(
        { wallet: this.name, code: errorCode(error), details: payload },
        "wallet transaction refused by the node",
      );
      throw error;
    }
    await this.tracker.trackSubmitted(tx);
    return txid;
  }

  /** Stops watching, cancels a running scan (its checkpoint is kept: the next load resumes) and locks. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const off of this.#unsubscribe.splice(0)) off();
    if (this.#pollTimer !== null) clearInterval(this.#pollTimer);
    this.#pollTimer = null;
    this.#abort.abort();
    this.lock("unload");
    await this.tracker.idle();
  }

  #armAutoLock(idleMs = this.#unlockMs): void {
    if (this.#autoLockTimer !== null) clearTimeout(this.#autoLockTimer);
    this.#unlockedUntil = this.modules.clock.now() + idleMs;
    this.#autoLockTimer = setTimeout(() => this.lock("idle"), idleMs);
    this.#autoLockTimer.unref();
  }

  /** Polls Snowball for the wallet's pending pool transactions (voting c/β), every finalityPollMs while any is. */
  #pollWhilePending(): void {
    if (this.#pollTimer !== null || this.#closed) return;
    const pending = (): WalletTransaction[] =>
      this.tracker
        .transactions()
        .filter(
          (t) =>
            t.height === null &&
            !t.abandoned &&
            (t.status.state === "pending" || t.status.state === "voting"),
        );
    if (pending().length === 0) return;
    this.#pollTimer = setInterval(() => {
      const open = pending();
      if (open.length === 0) {
        if (this.#pollTimer !== null) clearInterval(this.#pollTimer);
        this.#pollTimer = null;
        return;
      }
      const { snowball } = this.modules.node.services;
      for (const t of open) {
        const status = snowball.status(fromHex(t.txid));
        if (status !== undefined) {
          this.tracker.onFinality(t.txid, status).catch((error: unknown) => {
            this.logger.warn({ wallet: this.name, code: errorCode(error) }, "wallet finality poll failed");
          });
        }
      }
    }, this.opts.finalityPollMs);
    this.#pollTimer.unref();
  }

  #lockedError(): WalletServiceError<"WALLET_LOCKED"> {
    return new WalletServiceError(
      "WALLET_LOCKED",
      `the wallet ${this.name} is locked: unlock it with walletpassphrase first`,
      { name: this.name },
    );
  }

  #ensureOpen(): void {
    if (this.#closed) {
      throw new WalletServiceError("WALLET_NOT_LOADED", `the wallet ${this.name} is not loaded`, {
        name: this.name,
      });
    }
  }
}

/** Locks every keystore of a hand-over that no service took. */
export function discardHandedOver(wallets: readonly HandedOverWallet[]): void {
  for (const wallet of wallets) wallet.keystore?.lock();
}

/** The account of a keystore's secrets (mnemonic and BIP-39 passphrase), on the service's network. */
export function accountOfKeystore(keystore: UnlockedKeystore, opts: ResolvedWalletServiceOptions): HdAccount {
  const { mnemonic, mnemonicPassphrase } = keystore.secrets;
  return HdAccount.fromMnemonic(
    decoder.decode(mnemonic),
    mnemonicPassphrase === undefined ? "" : decoder.decode(mnemonicPassphrase),
    { network: opts.network },
  );
}

/** Derives `lookahead` addresses past each chain's gap window (see DEFAULT_LOCKED_LOOKAHEAD). */
export function deriveLookahead(account: HdAccount, lookahead: number): void {
  for (const chain of ADDRESS_CHAINS) {
    const last = account.highestUsed(chain) + account.gapLimit + lookahead;
    if (last >= 0) account.address(chain, last);
  }
}

/** A signing account with every address the watching account knows. */
function signingAccount(
  keystore: UnlockedKeystore,
  opts: ResolvedWalletServiceOptions,
  watch: HdAccount,
): HdAccount {
  const signer = accountOfKeystore(keystore, opts);
  signer.restoreUsed(watch.usedIndices());
  for (const chain of ADDRESS_CHAINS) {
    const count = watch.derivedCount(chain);
    if (count > 0) signer.address(chain, count - 1);
  }
  return signer;
}

function errorCode(error: unknown): string {
  if (typeof error === "object" && error !== null && "code" in error && typeof error.code === "string") {
    return error.code;
  }
  return error instanceof Error ? error.name : "unknown";
}
