// `time-cli derive-addresses`: offline derivation of wallet addresses from a recovery phrase file, one JSON
// object per line. It prints public data only (path, public key, address), never the phrase or a private key.
import { type Command, Option } from "commander";
import {
  addressFromPublicKey,
  deriveExtendedKey,
  deriveHardenedChild,
  MAX_PATH_INDEX,
  mnemonicToSeed,
  WALLET_COIN_TYPE,
  WALLET_PURPOSE,
  walletPath,
  withPublicKey,
} from "../../keys/index.js";
import type { NetworkParams } from "../../params/index.js";
import { toHex } from "../../types/index.js";
import type { CliRun } from "./context.js";
import { CliError } from "./errors.js";
import { integerOption, networkOption, resolveNetwork } from "./options.js";
import { passphraseFromFile, readSecretFile, STDIN_FILE } from "./secret-file.js";

export const MAX_DERIVE_COUNT = 10_000;
// Lines per write: few syscalls without holding 10,000 lines in one string.
const WRITE_BATCH = 500;

export interface DeriveAddressesRequest {
  readonly seed: Uint8Array;
  readonly network: NetworkParams;
  readonly account: number;
  readonly change: number;
  readonly start: number;
  readonly count: number;
}

export interface DerivedAddressLine {
  readonly path: string;
  readonly publicKey: string;
  readonly address: string;
}

/** Addresses m/44'/0'/account'/change'/i' for i in [start, start + count). */
export function* deriveAddressLines(request: DeriveAddressesRequest): Generator<DerivedAddressLine> {
  const { seed, network, account, change, start, count } = request;
  if (start + count - 1 > MAX_PATH_INDEX) {
    throw new CliError(
      "CLI_BAD_NUMBER",
      `--start ${start} with --count ${count} runs past the last index ${MAX_PATH_INDEX}`,
      { option: "--count" },
    );
  }
  // The chain key is shared by every index; derive it once.
  const chain = deriveExtendedKey(seed, [WALLET_PURPOSE, WALLET_COIN_TYPE, account, change]);
  for (let index = start; index < start + count; index++) {
    const key = withPublicKey(deriveHardenedChild(chain, index));
    yield {
      path: walletPath(account, change, index),
      publicKey: toHex(key.publicKey),
      address: addressFromPublicKey(key.publicKey, network),
    };
  }
}

interface DeriveAddressesOptions {
  mnemonicFile: string;
  passphraseFile?: string;
  network: string;
  account: number;
  change: number;
  start: number;
  count: number;
}

export function registerDeriveAddresses(program: Command, run: CliRun): void {
  program
    .command("derive-addresses")
    .description("print wallet addresses of a recovery phrase, one JSON object per line (offline)")
    .requiredOption(
      "--mnemonic-file <file>",
      `file holding the BIP-39 recovery phrase ("${STDIN_FILE}" reads it from standard input)`,
    )
    .option(
      "--passphrase-file <file>",
      `file holding the BIP-39 passphrase (one final line break is ignored; "${STDIN_FILE}" for standard input)`,
    )
    .addOption(networkOption())
    .option("--account <n>", "account index", integerOption(0, MAX_PATH_INDEX), 0)
    .addOption(
      new Option("--change <0|1>", "0 for receive addresses, 1 for change addresses")
        .argParser(integerOption(0, 1))
        .default(0),
    )
    .option("--start <i>", "first address index", integerOption(0, MAX_PATH_INDEX), 0)
    .option(
      "--count <c>",
      `number of addresses (at most ${MAX_DERIVE_COUNT})`,
      integerOption(1, MAX_DERIVE_COUNT),
      1,
    )
    .action(async (options: DeriveAddressesOptions) => {
      const network = resolveNetwork(options.network);
      if (options.mnemonicFile === STDIN_FILE && options.passphraseFile === STDIN_FILE) {
        throw new CliError(
          "CLI_USAGE",
          `--mnemonic-file and --passphrase-file cannot both be "${STDIN_FILE}" (standard input)`,
          { option: "--passphrase-file" },
        );
      }
      const mnemonic = await readSecretFile(options.mnemonicFile, "mnemonic", "--mnemonic-file", run.io);
      const passphrase =
        options.passphraseFile === undefined
          ? ""
          : passphraseFromFile(
              await readSecretFile(options.passphraseFile, "passphrase", "--passphrase-file", run.io),
            );
      const seed = mnemonicToSeed(mnemonic, passphrase);
      let batch: string[] = [];
      for (const line of deriveAddressLines({ seed, network, ...pick(options) })) {
        batch.push(JSON.stringify(line));
        if (batch.length === WRITE_BATCH) {
          run.io.writeOut(`${batch.join("\n")}\n`);
          batch = [];
        }
      }
      if (batch.length > 0) run.io.writeOut(`${batch.join("\n")}\n`);
      seed.fill(0);
    });
}

function pick(
  options: DeriveAddressesOptions,
): Pick<DeriveAddressesRequest, "account" | "change" | "start" | "count"> {
  return { account: options.account, change: options.change, start: options.start, count: options.count };
}
