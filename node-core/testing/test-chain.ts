// The old single-file path of the test builders, kept for importers outside testing/'s owners (the
// simulator's scenario and node, the kernel benchmark): it re-exports testing/index.ts under the old names
// (Prng is SeededRng, assembleBlock is assembleTestBlock). New code imports testing/index.js.
export { SeededRng as Prng } from "../consensus/index.js";
export { assembleTestBlock as assembleBlock } from "./blocks.js";
export * from "./index.js";
