// `npm run genesis`: regenerates assets/networks/<network>.genesis.json for every network.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { NETWORK_NAMES, networkParams } from "../params/index.js";
import { genesisSpecFor, toGenesisFile } from "./generate.js";
import { defaultNetworksDir } from "./load.js";

const dir = defaultNetworksDir();
for (const name of NETWORK_NAMES) {
  const params = networkParams(name);
  const file = toGenesisFile(genesisSpecFor(params), params);
  const path = join(dir, params.genesisFile);
  await writeFile(path, `${JSON.stringify(file, null, 2)}\n`);
  console.log(`${name}: ${file.blockHash} -> ${path}`);
}
