import { throughputAndRoundChange } from "../node-core/bench/devnet.js";
await throughputAndRoundChange();
