// `npm start` for the foundation build: verifies every network's genesis file, opens (or creates) the
// chain store of the chosen network in its data directory, connects genesis when the store is new, and
// prints what the node holds. The networked daemon, the RPC server and the UI are later issues; this entry
// point grows into them and says so instead of pretending.
// Every failure is checked before anything is printed, so a failed start leaves stdout empty and writes
// exactly one line "time-start: error: …" on stderr with exit code 2 (3 for a fault in the program), the
// same contract as time-cli. The exit code is handed to Node (no process.exit) so stdout drains fully.
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { Command, CommanderError, Option } from "commander";
import { CHAIN_DB_DIR, ChainStore, isDbError } from "../db/index.js";
import { GenesisError, type LoadedGenesis, loadGenesis } from "../genesis/index.js";
import { NETWORK_NAMES, type NetworkName, networkParams, tierForCollateral } from "../params/index.js";
import { formatTime, toHex } from "../types/index.js";
import { prepareDataDir } from "./datadir.js";
import { errorLine } from "./error-line.js";
import { packageVersion } from "./package-version.js";
import { START_EXIT_INTERNAL, START_EXIT_OK, START_EXIT_USAGE, StartError } from "./start-error.js";

const NAME = "time-start";

interface StartOptions {
  readonly network: NetworkName;
  readonly datadir?: string;
}

function buildProgram(): Command {
  return new Command(NAME)
    .description("Verify the genesis files and open the local chain store")
    .version(packageVersion(), "-V, --version", "print the version and exit")
    .addOption(
      new Option("--network <name>", "network whose chain store to open")
        .choices(NETWORK_NAMES)
        .default("devnet"),
    )
    .option("--datadir <dir>", "data directory (default ~/.timecoin/<network>)")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => process.stdout.write(text),
      // Usage errors are printed once, as one line, by main().
      writeErr: () => {},
      outputError: () => {},
    });
}

async function main(args: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    program.parse([...args], { from: "user" });
  } catch (err) {
    // --help and --version end the parse with exit code 0; their text is already on stdout.
    if (err instanceof CommanderError && err.exitCode === 0) return START_EXIT_OK;
    return fail(err);
  }
  const options = program.opts<StartOptions>();
  try {
    await start(options);
    return START_EXIT_OK;
  } catch (err) {
    return fail(err);
  }
}

async function start({ network, datadir }: StartOptions): Promise<void> {
  const genesisByNetwork = new Map<NetworkName, LoadedGenesis>();
  for (const name of NETWORK_NAMES) genesisByNetwork.set(name, await loadGenesis(networkParams(name)));
  const params = networkParams(network);
  const genesis = genesisByNetwork.get(network) as LoadedGenesis;
  // npm runs scripts in the package root; a relative --datadir means relative to where the user typed
  // `npm start`, which npm passes as INIT_CWD. An empty one stays empty for prepareDataDir to refuse.
  const base = process.env.INIT_CWD ?? process.cwd();
  const wanted =
    datadir === undefined ? join(homedir(), ".timecoin", network) : datadir && resolve(base, datadir);
  const dataDir = await prepareDataDir(wanted, CHAIN_DB_DIR);

  let store: ChainStore;
  try {
    store = await ChainStore.open({ dataDir, params, genesisHash: genesis.hash });
  } catch (err) {
    throw isDbError(err) ? storeUnavailable(err, dataDir) : err;
  }
  const lines: string[] = [];
  try {
    if (!store.getTip()) {
      try {
        await store.connectBlock({ block: genesis.block, certificate: null });
      } catch (err) {
        throw isDbError(err) ? storeUnavailable(err, dataDir) : err;
      }
    }
    const tip = store.getTip();
    const summary = await store.utxoSetSummary();
    const masternodes = await store.listMasternodes();
    const tiers = masternodes.map((m) => tierForCollateral(m.collateralAmount).name);
    lines.push(
      `\nChain store (${network}): ${join(dataDir, CHAIN_DB_DIR)}`,
      `  tip        height ${tip?.height} ${tip ? toHex(tip.hash) : ""}`,
      `  UTXO set   ${summary.count} outputs, ${formatTime(summary.totalAmount)} TIME, hash ${summary.hash}`,
      `  masternodes ${masternodes.length} registered${tiers.length ? ` (${tiers.join(", ")})` : ""}`,
    );
  } finally {
    await store.close();
  }

  console.log(
    `TIME Coin Desktop ${packageVersion()} — foundation build\n\nNetworks (genesis rebuilt and verified):`,
  );
  for (const [name, loaded] of genesisByNetwork) {
    const p = networkParams(name);
    console.log(
      `  ${name.padEnd(8)} chain id ${p.chainId}  p2p ${p.p2pPort}  rpc ${p.rpcPort}  ` +
        `block ${p.blockIntervalMs / 1000} s  genesis ${toHex(loaded.hash)}`,
    );
  }
  console.log(lines.join("\n"));
  console.log(`
Not in this build yet: the p2p node (timed), JSON-RPC, the wallet and the desktop/browser UI.
Offline key tools that work today:
  npx time-cli derive-addresses --mnemonic-file FILE --network ${network} --count 5
  npx time-cli validate-address ADDRESS --network ${network}
Benchmarks: npm run bench -- --help`);
}

/** A DbError from opening the store, as a StartError saying what the user can do about it. */
function storeUnavailable(err: Error & { readonly code: string }, dataDir: string): StartError {
  const payload = { option: "--datadir", path: dataDir, causeCode: err.code };
  switch (err.code) {
    case "DB_WRONG_NETWORK":
      return new StartError(
        "START_STORE_UNAVAILABLE",
        `--datadir ${dataDir} holds another network's chain (${err.message}); ` +
          "start with the --network it belongs to, or choose another --datadir",
        payload,
      );
    case "DB_LOCKED":
      return new StartError(
        "START_STORE_UNAVAILABLE",
        `--datadir ${dataDir} is in use by another running node (${err.message}); ` +
          "stop it or choose another --datadir",
        payload,
      );
    default:
      return new StartError(
        "START_STORE_UNAVAILABLE",
        `cannot open the chain store in --datadir ${dataDir} (${err.message})`,
        payload,
      );
  }
}

function fail(err: unknown): number {
  const { exitCode, message } = describeFailure(err);
  process.stderr.write(errorLine(NAME, message));
  return exitCode;
}

function describeFailure(err: unknown): { exitCode: number; message: string } {
  if (err instanceof CommanderError) {
    return { exitCode: START_EXIT_USAGE, message: err.message.replace(/^error: /, "") };
  }
  if (err instanceof StartError) {
    return { exitCode: START_EXIT_USAGE, message: err.message };
  }
  // A genesis file under assets/networks/ that does not rebuild: the install was altered.
  if (err instanceof GenesisError) {
    return { exitCode: START_EXIT_USAGE, message: `refusing to start: ${err.message}` };
  }
  const detail = err instanceof Error ? err.message : String(err);
  return { exitCode: START_EXIT_INTERNAL, message: `internal error: ${detail}` };
}

process.exitCode = await main(process.argv.slice(2));
