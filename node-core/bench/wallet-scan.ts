// `npm run bench -- wallet`, second part: the restore scan and signing. A devnet chain of TIME_BENCH_SCAN_BLOCKS
// (default 2,000) certified blocks is built once into a real LevelDB ChainStore in a temp dir (random spends
// among funder keys in every block, and every 10th block a payment to the next receive address and change
// address of a wallet, so the gap windows must move). Then, timed: address derivation alone (SLIP-0010
// hardened, the account's own code), a restore scan of the whole chain from height 0 through the store's
// ChainView (every pass counted), and signing a 2-in 2-out payment (planPayment + signPlan, which also
// verifies each signature it makes). Building the chain is not timed.
//
// What the figures leave out: the keystore unlock (the first part of this bench), the checkpoint writes of
// a scan (the store is null here, as in a scan without a wallet file), live-event catch-up after the scan,
// the node's own load on the same store, a cold page cache (the chain was just written), and submission
// and Snowball voting after signing.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { transactionSize } from "../codec/index.js";
import { ChainStore } from "../db/index.js";
import { entropyToMnemonic, mnemonicToSeed } from "../keys/index.js";
import { BLOCK_REWARD, DEVNET, minimumFee, TX_VERSION } from "../params/index.js";
import {
  assembleTestBlock,
  type OwnedUtxo,
  signTransaction,
  TestChain,
  type TestKey,
} from "../testing/index.js";
import type { AddressPayload, CertifiedBlock, Transaction } from "../types/index.js";
import { SAT_PER_TIME } from "../types/index.js";
import { silentLogger } from "../util/index.js";
import {
  HdAccount,
  planPayment,
  type SigningKey,
  type SpendCandidate,
  signPlan,
  WalletTracker,
} from "../wallet/index.js";
import { formatRate, measureRate, report } from "./measure.js";

const BLOCKS = Number(process.env.TIME_BENCH_SCAN_BLOCKS ?? 2000);
/** A fixed mnemonic (entropy 0x01…0x20): never a real wallet's. */
const MNEMONIC = entropyToMnemonic(Uint8Array.from({ length: 32 }, (_, i) => i + 1));
const ZERO_SIGNATURE = new Uint8Array(64);

/** A payment from one funder coin to `to` (change back to the funder), signed by the funder key. */
function payment(chain: TestChain, input: OwnedUtxo, to: readonly AddressPayload[]): Transaction {
  const amount = 3n * SAT_PER_TIME;
  const draft = (change: bigint): Transaction => ({
    version: TX_VERSION,
    inputs: [{ prevout: input.outpoint, publicKey: input.key.publicKey, signature: ZERO_SIGNATURE }],
    outputs: [...to.map((address) => ({ amount, address })), { amount: change, address: input.key.address }],
    lockTime: 0n,
    special: null,
  });
  const fee = minimumFee(transactionSize(draft(0n)));
  const change = input.entry.amount - amount * BigInt(to.length) - fee;
  return signTransaction(chain.params.chainId, draft(change), [input.key]);
}

/** Builds the chain into `store`; returns how many wallet payments it holds. */
async function buildChain(store: ChainStore, account: HdAccount): Promise<number> {
  const chain = new TestChain({ label: "bench-wallet-scan", keyCount: 8, genesis: { outputsPerKey: 40 } });
  await store.connectBlock(chain.blocks[0] as CertifiedBlock);
  let paid = 0;
  for (let h = 1; h <= BLOCKS; h++) {
    if (h % 10 !== 0) {
      await store.connectBlock(chain.extend());
      continue;
    }
    // Indices 0, 1, 2, … on receive and change: each payment moves both gap windows by one.
    const to = [account.address("receive", paid).payload, account.address("change", paid).payload];
    const input = chain.spendable().find((u) => u.entry.amount > 10n * SAT_PER_TIME) as OwnedUtxo;
    const reward: Transaction = {
      version: TX_VERSION,
      inputs: [],
      outputs: [{ amount: BLOCK_REWARD, address: (chain.wallet.keys[0] as TestKey).address }],
      lockTime: BigInt(h),
      special: null,
    };
    const block = assembleTestBlock(
      chain.params,
      chain.tip,
      reward,
      [payment(chain, input, to)],
      chain.validators,
    );
    chain.apply(block);
    await store.connectBlock(block);
    paid++;
  }
  return paid;
}

async function scanBench(store: ChainStore, payments: number, derivationRate: number): Promise<void> {
  const tip = store.getTip()?.height ?? 0n;
  let blocksRead = 0;
  // Count every block the scan reads (a second pass reads them again).
  const view = new Proxy(store, {
    get(target, name, receiver) {
      if (name === "getBlockByHeight") {
        return async (height: bigint) => {
          blocksRead++;
          return target.getBlockByHeight(height);
        };
      }
      const value = Reflect.get(target, name, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  const seed = mnemonicToSeed(MNEMONIC, "");
  const account = new HdAccount({ network: DEVNET }, { seed });
  seed.fill(0);
  const tracker = new WalletTracker({}, { account, view, clock: { now: () => 0 }, logger: silentLogger });
  const derivedBefore = account.derivedCount("receive") + account.derivedCount("change");
  const start = process.hrtime.bigint();
  const result = await tracker.rescan({ birthday: 0n, store: null });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const derived = account.derivedCount("receive") + account.derivedCount("change") - derivedBefore;
  if (result.found !== payments) throw new Error(`the scan found ${result.found} of ${payments} payments`);
  report(
    "restore scan, blocks read/s (LevelDB, warm cache)",
    formatRate(blocksRead / seconds),
    `${blocksRead} blocks read (tip ${tip}, ${result.passes} passes) in ${seconds.toFixed(2)} s`,
  );
  report(
    "restore scan, addresses derived in it",
    String(derived),
    `about ${((derived / derivationRate) * 1000).toFixed(0)} ms of it at the rate above; ${result.found} payments found`,
  );
  account.wipe();
}

/** Addresses derived per second; reported and returned. */
function derivationBench(): Promise<number> {
  const seed = mnemonicToSeed(MNEMONIC, "");
  const account = new HdAccount({ network: DEVNET }, { seed });
  seed.fill(0);
  let next = account.derivedCount("receive");
  return measureRate(100, () => {
    // Marking index i used derives up to i + gap: 100 new addresses per call.
    next += 100;
    account.markIndexUsed("receive", next - 1);
  }).then((rate) => {
    report("address derivation (SLIP-0010 hardened), addresses/s", formatRate(rate.perSecond));
    account.wipe();
    return rate.perSecond;
  });
}

async function signingBench(): Promise<void> {
  const seed = mnemonicToSeed(MNEMONIC, "");
  const account = new HdAccount({ network: DEVNET }, { seed });
  seed.fill(0);
  const own = (i: number) => account.address("receive", i).payload;
  const candidates: SpendCandidate[] = [0, 1].map((i) => ({
    outpoint: { txid: new Uint8Array(32).fill(i + 1), index: i },
    amount: 10n * SAT_PER_TIME,
    address: own(i),
    final: true,
    locked: false,
    inBlock: true,
  }));
  const recipient = account.address("receive", 5).payload;
  // 15 TIME from two 10 TIME coins: both inputs, one payment output and one change output.
  const plan = planPayment(DEVNET, {
    candidates,
    payments: [{ amount: 15n * SAT_PER_TIME, address: recipient }],
  });
  if (plan.inputs.length !== 2 || plan.outputs.length !== 2) throw new Error("the plan is not 2-in 2-out");
  const rate = await measureRate(1, () => {
    // The keys are derived per signing and wiped after it, as the wallet service does.
    const keys: SigningKey[] = [];
    signPlan(plan, (address) => {
      const key = account.signingKey(address);
      keys.push(key);
      return key;
    });
    for (const key of keys) key.seed.fill(0);
  });
  report(
    "signing a 2-in 2-out payment (2 keys derived, verified), tx/s",
    formatRate(rate.perSecond),
    `${(1000 / rate.perSecond).toFixed(2)} ms each`,
  );
  const planned = await measureRate(1, () =>
    planPayment(DEVNET, { candidates, payments: [{ amount: 15n * SAT_PER_TIME, address: recipient }] }),
  );
  report("planning it (selection, exact fee), plans/s", formatRate(planned.perSecond));
  account.wipe();
}

export async function walletScanBench(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "time-bench-wallet-scan-"));
  const store = await ChainStore.open({ dataDir: dir, params: DEVNET });
  try {
    const seed = mnemonicToSeed(MNEMONIC, "");
    const names = new HdAccount({ network: DEVNET }, { seed });
    seed.fill(0);
    const built = process.hrtime.bigint();
    const payments = await buildChain(store, names);
    names.wipe();
    const buildS = Number(process.hrtime.bigint() - built) / 1e9;
    console.log(
      `chain: ${BLOCKS} blocks, ${payments} wallet payments, built in ${buildS.toFixed(1)} s (not timed)`,
    );
    const derivationRate = await derivationBench();
    await scanBench(store, payments, derivationRate);
    await signingBench();
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}
