// Child process of crash.test.ts (run as `node --import tsx crash-child.ts <dataDir> <blocksFile> <seed>`):
// connects pre-generated blocks of one linear chain to the store in a loop, resuming from whatever tip it
// finds, with random disconnects and rollbacks mixed in, until the parent kills it with SIGKILL.
// Prints "open <height>" once the store is open so the parent can time its kill.
import { readFile } from "node:fs/promises";
import { DEVNET } from "../params/network.js";
import { decodeBlockList, SeededRng } from "../testing/index.js";
import type { CertifiedBlock } from "../types/chain.js";
import { ChainStore } from "./chain-store.js";

async function main(): Promise<void> {
  const [dataDir, blocksFile, seedText] = process.argv.slice(2);
  if (!dataDir || !blocksFile || !seedText)
    throw new Error("usage: crash-child.ts <dataDir> <blocksFile> <seed>");
  const blocks = decodeBlockList(new Uint8Array(await readFile(blocksFile)));
  const rng = new SeededRng(Number(seedText));
  const store = await ChainStore.open({ dataDir, params: DEVNET });
  process.stdout.write(`open ${store.getTip()?.height ?? -1}\n`);
  const last = BigInt(blocks.length - 1);
  for (;;) {
    const tip = store.getTip();
    if (tip === null) {
      await store.connectBlock(blocks[0] as CertifiedBlock);
    } else if (tip.height > 0n && (tip.height === last || rng.chance(0.08))) {
      const depth = BigInt(rng.range(1, Math.min(Number(tip.height), tip.height === last ? 60 : 4)));
      if (depth === 1n) await store.disconnectTip();
      else await store.rollbackTo(tip.height - depth);
    } else {
      await store.connectBlock(blocks[Number(tip.height) + 1] as CertifiedBlock);
    }
  }
}

main().catch((err: unknown) => {
  process.stderr.write(
    `crash-child failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
