// Deterministic builders for tests, benchmarks and the crash test (no test-runner imports; never imported
// by product code): keys, signed spends, blocks and certificates, random valid chains, block lists for
// child processes, the manual clock and the in-memory message network of the consensus engines' tests.

// The seeded RNG of tests is the production one, so folders below consensus/ in the layer table reach it here.
export { SeededRng } from "../consensus/index.js";
export { addressTxEntryCount } from "./address-reference.js";
export * from "./backends.js";
export { decodeBlockList, encodeBlockList } from "./block-list.js";
export { assembleTestBlock, buildGenesis, certify, type GenesisOptions } from "./blocks.js";
export { deriveTestKeys, type TestKey, TestWallet, testKeyFromSeed } from "./keys.js";
export { ManualClock } from "./manual-clock.js";
export { type LinkSpec, MessageNet } from "./message-net.js";
export { buildChild, type ChildOptions } from "./random-block.js";
export { TestChain, type TestChainOptions } from "./random-chain.js";
export {
  buildRegistration,
  buildSpend,
  type OwnedUtxo,
  ownedOutputs,
  registrationPayload,
  signTransaction,
} from "./spend.js";
