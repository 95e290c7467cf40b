// `npm start` for the foundation build: verifies every network's genesis file, opens (or creates) the
// chain store of the chosen network in its data directory, connects genesis when the store is new, and
// prints what the node holds. The networked daemon, the RPC server and the UI are later issues; this entry
// point grows into them and says so instead of pretending.
import { homedir } from "node:os";
import { join } from "node:path";
import { Command, InvalidArgumentError } from "commander";
import { ChainStore } from "../db/chain-store.js";
import { loadGenesis } from "../genesis/load.js";
import {
  isNetworkName,
  NETWORK_NAMES,
  type NetworkName,
  networkParams,
  tierForCollateral,
} from "../params/network.js";
import { formatTime } from "../types/amount.js";
import { toHex } from "../types/bytes.js";

function networkOption(value: string): NetworkName {
  if (!isNetworkName(value)) throw new InvalidArgumentError(`expected one of ${NETWORK_NAMES.join(", ")}`);
  return value;
}

const program = new Command("time-start")
  .description("Verify the genesis files and open the local chain store")
  .option("--network <name>", "network whose chain store to open", networkOption, "devnet")
  .option("--datadir <dir>", "data directory (default ~/.timecoin/<network>)")
  .parse();
const { network, datadir } = program.opts<{ network: NetworkName; datadir?: string }>();

console.log("TIME Coin Desktop — foundation build\n\nNetworks (genesis rebuilt and verified):");
for (const name of NETWORK_NAMES) {
  const params = networkParams(name);
  const genesis = await loadGenesis(params);
  console.log(
    `  ${name.padEnd(8)} chain id ${params.chainId}  p2p ${params.p2pPort}  rpc ${params.rpcPort}  ` +
      `block ${params.blockIntervalMs / 1000} s  genesis ${toHex(genesis.hash)}`,
  );
}

const params = networkParams(network);
const dataDir = datadir ?? join(homedir(), ".timecoin", network);
const genesis = await loadGenesis(params);
const store = await ChainStore.open({ dataDir, params, genesisHash: genesis.hash });
try {
  if (!store.getTip()) await store.connectBlock({ block: genesis.block, certificate: null });
  const tip = store.getTip();
  const summary = await store.utxoSetSummary();
  const masternodes = await store.listMasternodes();
  console.log(`\nChain store (${network}): ${join(dataDir, "chain")}`);
  console.log(`  tip        height ${tip?.height} ${tip ? toHex(tip.hash) : ""}`);
  console.log(
    `  UTXO set   ${summary.count} outputs, ${formatTime(summary.totalAmount)} TIME, hash ${summary.hash}`,
  );
  console.log(
    `  masternodes ${masternodes.length} registered${masternodes.length ? ` (${masternodes.map((m) => tierForCollateral(m.collateralAmount).name).join(", ")})` : ""}`,
  );
} finally {
  await store.close();
}
console.log(`
Not in this build yet: the p2p node (timed), JSON-RPC, the wallet and the desktop/browser UI.
Offline key tools that work today:
  npx time-cli derive-addresses --mnemonic-file FILE --network ${network} --count 5
  npx time-cli validate-address ADDRESS --network ${network}
Benchmarks: npm run bench -- kernel`);
