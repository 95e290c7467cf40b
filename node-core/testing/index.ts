// Deterministic builders for tests, benchmarks and the crash test (no test-runner imports; never imported
// by product code): keys, signed spends, blocks and certificates, random valid chains, block lists for
// child processes, and the manual clock.

// The seeded RNG of tests is the production one, so folders below consensus/ in the layer table reach it here.
export { SeededRng } from "../consensus/index.js";
export { decodeBlockList, encodeBlockList } from "./block-list.js";
export { assembleTestBlock, buildGenesis, certify, type GenesisOptions } from "./blocks.js";
export { deriveTestKeys, type TestKey, TestWallet, testKeyFromSeed } from "./keys.js";
export { ManualClock } from "./manual-clock.js";
export { buildChild, type ChildOptions } from "./random-block.js";
export { TestChain, type TestChainOptions } from "./random-chain.js";
export {
  buildRegistration,
  buildSpend,
  type OwnedUtxo,
  ownedOutputs,
  signTransaction,
} from "./spend.js";
