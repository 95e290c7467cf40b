// `time-cli sign-transaction`: the offline signer. It decodes an unsigned transaction, finds the wallet key
// of every input among the recovery phrase's addresses, and prints the signed transaction's hex. Nothing
// goes over the network: the spent outputs' addresses, which a transaction does not carry, come with
// --prevouts (one TIME address per input, e.g. from `time-cli gettxout TXID N` on an online node), or the
// input already names its public key. The txid covers the public keys, so they are set before signing.
import type { Command } from "commander";
import {
  decodeTransaction,
  encodeTransaction,
  transactionId,
  txInputSigningMessage,
} from "../../codec/index.js";
import { forgetPrivateKeys, sign } from "../../crypto/index.js";
import {
  addressPayloadFromPublicKey,
  deriveExtendedKey,
  deriveHardenedChild,
  type ExtendedKey,
  isKeysError,
  MAX_PATH_INDEX,
  mnemonicToSeed,
  parseAddress,
  WALLET_COIN_TYPE,
  WALLET_PURPOSE,
  walletPath,
  withPublicKey,
} from "../../keys/index.js";
import { MAX_TX_BYTES, type NetworkParams } from "../../params/index.js";
import { bytesEqual, fromHex, type Transaction, toHex } from "../../types/index.js";
import { isNodeCoreError } from "../../util/index.js";
import { readSecretText, SecretFileError } from "../secret-file.js";
import type { CliRun } from "./context.js";
import { CliError } from "./errors.js";
import { integerOption, networkOption, resolveNetwork } from "./options.js";
import { passphraseFromFile, readSecretFile, STDIN_FILE } from "./secret-file.js";

/** Addresses scanned on each chain before any is known to be needed (the wallets' gap limit). */
export const SIGNER_GAP = 20;
/** How far the scan goes on each chain looking for a needed address before giving up. */
export const SIGNER_SCAN_CAP = 1000;
const CHAINS = [0, 1] as const;

export interface SignRequest {
  /** The transaction as decoded; its witnesses are replaced. */
  readonly tx: Transaction;
  /** BIP-39 seed of the wallet; the caller zeroes it. */
  readonly seed: Uint8Array;
  readonly network: NetworkParams;
  readonly account: number;
  /** Address payload of each input's spent output, in input order; null where --prevouts was not given. */
  readonly prevouts: readonly Uint8Array[] | null;
}

export interface SignResult {
  readonly tx: Transaction;
  readonly txid: Uint8Array;
  /** The wallet path of each input's key. */
  readonly paths: readonly string[];
}

interface WalletKey {
  readonly privateKey: Uint8Array;
  readonly publicKey: Uint8Array;
  readonly path: string;
}

/** Derives the wallet's keys on demand: receive and change chains alike, up to SIGNER_SCAN_CAP each. */
class KeyScan {
  private readonly chains: ExtendedKey[];
  private next = 0;
  private readonly byPayload = new Map<string, WalletKey>();
  private readonly byPublicKey = new Map<string, WalletKey>();

  constructor(
    seed: Uint8Array,
    private readonly account: number,
  ) {
    this.chains = CHAINS.map((change) =>
      deriveExtendedKey(seed, [WALLET_PURPOSE, WALLET_COIN_TYPE, account, change]),
    );
    this.extendTo(Math.min(SIGNER_GAP, SIGNER_SCAN_CAP));
  }

  /** The key whose address payload or public key is `wanted`, scanning further while it is missing. */
  find(wanted: { payload?: Uint8Array; publicKey?: Uint8Array }): WalletKey | undefined {
    for (;;) {
      const found =
        wanted.payload !== undefined
          ? this.byPayload.get(toHex(wanted.payload))
          : wanted.publicKey !== undefined
            ? this.byPublicKey.get(toHex(wanted.publicKey))
            : undefined;
      if (found !== undefined || this.next >= SIGNER_SCAN_CAP) return found;
      this.extendTo(Math.min(this.next + SIGNER_GAP, SIGNER_SCAN_CAP));
    }
  }

  private extendTo(end: number): void {
    for (; this.next < end && this.next <= MAX_PATH_INDEX; this.next++) {
      CHAINS.forEach((change, c) => {
        const key = withPublicKey(deriveHardenedChild(this.chains[c] as ExtendedKey, this.next));
        const entry = {
          privateKey: key.privateKey,
          publicKey: key.publicKey,
          path: walletPath(this.account, change, this.next),
        };
        this.byPayload.set(toHex(addressPayloadFromPublicKey(key.publicKey)), entry);
        this.byPublicKey.set(toHex(key.publicKey), entry);
      });
    }
  }

  wipe(): void {
    for (const key of this.byPayload.values()) key.privateKey.fill(0);
    for (const chain of this.chains) {
      chain.privateKey.fill(0);
      chain.chainCode.fill(0);
    }
    this.byPayload.clear();
    this.byPublicKey.clear();
  }
}

const ZERO_KEY = new Uint8Array(32);

/** Sets every input's public key and signature. Throws CliError CLI_SIGN_FAILED naming the input. */
export function signTransaction(request: SignRequest): SignResult {
  const { tx, prevouts, network } = request;
  if (tx.special !== null) {
    throw signFailed(
      `the transaction carries a special payload (${tx.special.kind}); sign-transaction signs regular ` +
        "transactions only, because the payload's collateral and operator signatures need keys outside this wallet",
    );
  }
  if (tx.inputs.length === 0) throw signFailed("the transaction has no inputs to sign");
  if (prevouts !== null && prevouts.length !== tx.inputs.length) {
    throw signFailed(
      `--prevouts gives ${prevouts.length} address${prevouts.length === 1 ? "" : "es"} for ` +
        `${tx.inputs.length} input${tx.inputs.length === 1 ? "" : "s"}; give one per input, in input order`,
    );
  }
  const scan = new KeyScan(request.seed, request.account);
  try {
    const keys: WalletKey[] = tx.inputs.map((input, i) => {
      const given = !bytesEqual(input.publicKey, ZERO_KEY);
      const payload = prevouts?.[i];
      if (payload === undefined && !given) {
        throw signFailed(
          `input ${i} names no public key; give the address of the output it spends with --prevouts`,
          i,
        );
      }
      const key = scan.find(payload !== undefined ? { payload } : { publicKey: input.publicKey });
      if (key === undefined) {
        const what = payload !== undefined ? "the address --prevouts gives for it" : "its public key";
        throw signFailed(
          `input ${i}: ${what} is not among the first ${SIGNER_SCAN_CAP} receive and change addresses of ` +
            `account ${request.account} (${network.name}); wrong --account, --prevouts or recovery phrase?`,
          i,
        );
      }
      if (given && !bytesEqual(input.publicKey, key.publicKey)) {
        throw signFailed(
          `input ${i}: the public key in the transaction is not the key of the address --prevouts gives for it`,
          i,
        );
      }
      return key;
    });
    const keyed: Transaction = {
      ...tx,
      inputs: tx.inputs.map((input, i) => ({ ...input, publicKey: (keys[i] as WalletKey).publicKey })),
    };
    const txid = transactionId(keyed);
    const signed: Transaction = {
      ...keyed,
      inputs: keyed.inputs.map((input, i) => ({
        ...input,
        signature: sign((keys[i] as WalletKey).privateKey, txInputSigningMessage(network.chainId, txid, i)),
      })),
    };
    return { tx: signed, txid, paths: keys.map((k) => k.path) };
  } finally {
    scan.wipe();
    forgetPrivateKeys();
  }
}

/** The unsigned transaction from its hex (whitespace around it ignored). */
export function decodeTransactionHex(hex: string): Transaction {
  const text = hex.trim();
  if (text.length === 0 || text.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(text)) {
    throw signFailed("the transaction must be given as hexadecimal (an even number of 0-9, a-f)");
  }
  try {
    return decodeTransaction(fromHex(text.toLowerCase()));
  } catch (err) {
    if (isNodeCoreError(err, "CODEC_")) throw signFailed(`the transaction does not decode: ${err.message}`);
    throw err;
  }
}

/** --prevouts: comma-separated TIME addresses of `network`, one per input. */
export function parsePrevouts(list: string, network: NetworkParams): Uint8Array[] {
  const entries = list.split(",").map((entry) => entry.trim());
  return entries.map((entry, i) => {
    if (entry === "") throw signFailed(`--prevouts entry ${i} (for input ${i}) is empty`, i);
    try {
      return parseAddress(entry, network);
    } catch (err) {
      if (isKeysError(err)) throw signFailed(`--prevouts entry ${i} (for input ${i}): ${err.message}`, i);
      throw err;
    }
  });
}

function signFailed(message: string, inputIndex?: number): CliError {
  return new CliError(
    "CLI_SIGN_FAILED",
    message,
    inputIndex === undefined ? { option: "--prevouts" } : { inputIndex },
  );
}

interface SignTransactionOptions {
  mnemonicFile: string;
  passphraseFile?: string;
  network: string;
  account: number;
  prevouts?: string;
}

export function registerSignTransaction(program: Command, run: CliRun): void {
  program
    .command("sign-transaction")
    .description("sign an unsigned transaction with a recovery phrase's keys and print its hex (offline)")
    .argument(
      "<hex>",
      `the unsigned transaction, hex-encoded ("${STDIN_FILE}" reads it from standard input, for one too long for an argument)`,
    )
    .requiredOption(
      "--mnemonic-file <file>",
      `file holding the BIP-39 recovery phrase ("${STDIN_FILE}" reads it from standard input)`,
    )
    .option(
      "--passphrase-file <file>",
      `file holding the BIP-39 passphrase (one final line break is ignored; "${STDIN_FILE}" for standard input)`,
    )
    .addOption(networkOption())
    .option("--account <n>", "wallet account whose keys to use", integerOption(0, MAX_PATH_INDEX), 0)
    .option(
      "--prevouts <addresses>",
      "comma list of the addresses each input spends from, in input order (time-cli gettxout TXID N " +
        "shows them); needed for inputs that name no public key",
    )
    .action(async (hex: string, options: SignTransactionOptions) => {
      const network = resolveNetwork(options.network);
      const fromStdin = [options.mnemonicFile, options.passphraseFile, hex].filter((f) => f === STDIN_FILE);
      if (fromStdin.length > 1) {
        throw new CliError(
          "CLI_USAGE",
          `only one of --mnemonic-file, --passphrase-file and the transaction can be "${STDIN_FILE}" (standard input)`,
          { option: options.mnemonicFile === STDIN_FILE ? "--mnemonic-file" : "--passphrase-file" },
        );
      }
      // Everything that needs no secret is checked before the phrase is read.
      const tx = decodeTransactionHex(hex === STDIN_FILE ? await readHexFromStdin(run) : hex);
      const prevouts = options.prevouts === undefined ? null : parsePrevouts(options.prevouts, network);
      const mnemonic = await readSecretFile(options.mnemonicFile, "mnemonic", "--mnemonic-file", run.io);
      const passphrase =
        options.passphraseFile === undefined
          ? ""
          : passphraseFromFile(
              await readSecretFile(options.passphraseFile, "passphrase", "--passphrase-file", run.io),
            );
      const seed = mnemonicToSeed(mnemonic, passphrase);
      try {
        const result = signTransaction({ tx, seed, network, account: options.account, prevouts });
        run.io.writeOut(`${toHex(encodeTransaction(result.tx))}\n`);
      } finally {
        seed.fill(0);
      }
    });
}

/** The hex of a transaction up to MAX_TX_BYTES (and a line break) from standard input. */
async function readHexFromStdin(run: CliRun): Promise<string> {
  try {
    return await readSecretText({
      path: STDIN_FILE,
      what: "transaction hex",
      readIn: () => run.io.readIn(),
      maxBytes: 2 * MAX_TX_BYTES + 2,
    });
  } catch (err) {
    if (!(err instanceof SecretFileError)) throw err;
    const code = err.code === "SECRET_FILE_TOO_LARGE" ? "CLI_FILE_TOO_LARGE" : "CLI_FILE_UNREADABLE";
    throw new CliError(code, err.message, { path: STDIN_FILE }, undefined, { cause: err });
  }
}
