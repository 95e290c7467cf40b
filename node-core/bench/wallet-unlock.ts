// `npm run bench -- wallet`: how long a wallet unlock takes at the default Argon2id parameters (m = 64 MiB,
// t = 3, p = 4), the whole call (read, checks, Argon2id, AES-GCM, payload decode), median of several runs,
// for the native argon2 package and for the hash-wasm fallback separately. Also the one-off cost of the
// native probe (a child process, once per process) and of a save (no Argon2: AES-GCM, fsync, rename,
// backup rotation). The target is at most 300 ms per unlock on the development machine.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Argon2BackendName,
  DEFAULT_KDF_PARAMS,
  isKeystoreError,
  Keystore,
  selectArgon2Backend,
  type WalletSecrets,
} from "../wallet/index.js";
import { report } from "./measure.js";

const RUNS = Number(process.env.TIME_BENCH_RUNS ?? 7);
const PASSWORD = "benchmark password";

function secrets(): WalletSecrets {
  return {
    mnemonic: new TextEncoder().encode(`${"abandon ".repeat(23)}art`),
    accountCount: 3,
    labels: new Map(Array.from({ length: 200 }, (_, i) => [`TIME0address${i}`, `label ${i}`])),
    addressBook: Array.from({ length: 50 }, (_, i) => ({ address: `TIME0friend${i}`, label: `friend ${i}` })),
    masternodeOperatorKeySeeds: [{ label: "gold", seed: new Uint8Array(32).fill(1) }],
    birthdayHeight: 100_000n,
    extra: {},
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const ms = (value: number) => `${value.toFixed(0)} ms`;

async function timeIt(body: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await body();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function benchBackend(name: Argon2BackendName, dir: string): Promise<void> {
  let argon2: Awaited<ReturnType<typeof selectArgon2Backend>>;
  try {
    argon2 = await selectArgon2Backend(name);
  } catch (err) {
    const reason = isKeystoreError(err) ? String((err.payload as { reason?: string }).reason) : String(err);
    report(`wallet unlock, ${name} argon2`, "n/a", `not usable here: ${reason}`);
    return;
  }
  const keystore = new Keystore({ kdf: DEFAULT_KDF_PARAMS, backups: 5 }, { argon2 });
  const path = join(dir, `${name}.json`);
  (await keystore.create(path, PASSWORD, secrets())).lock();
  // Warm-up: page cache, JIT, and for wasm the worker's first module load.
  (await keystore.unlock(path, PASSWORD)).lock();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    times.push(await timeIt(async () => (await keystore.unlock(path, PASSWORD)).lock()));
  }
  const note = `min ${ms(Math.min(...times))}, max ${ms(Math.max(...times))}, ${RUNS} runs`;
  report(`wallet unlock, ${name} argon2 (median)`, ms(median(times)), note);
  const wallet = await keystore.unlock(path, PASSWORD);
  const saves: number[] = [];
  for (let i = 0; i < RUNS; i++) saves.push(await timeIt(() => wallet.save(secrets())));
  wallet.lock();
  report(
    `wallet save with 5 backups, ${name} (median)`,
    ms(median(saves)),
    "no Argon2: AES-GCM, fsync, rename",
  );
}

export async function walletUnlockBench(): Promise<void> {
  const { memoryKiB, iterations, parallelism } = DEFAULT_KDF_PARAMS;
  console.log(
    `Argon2id m = ${memoryKiB / 1024} MiB, t = ${iterations}, p = ${parallelism}; target <= 300 ms`,
  );
  const probe = await timeIt(() => selectArgon2Backend("auto"));
  const auto = (await selectArgon2Backend("auto")).name;
  report("native argon2 probe (child process, once per process)", ms(probe), `auto picks ${auto}`);
  const dir = await mkdtemp(join(tmpdir(), "time-bench-wallet-"));
  try {
    await benchBackend("native", dir);
    await benchBackend("wasm", dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
