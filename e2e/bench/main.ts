// Entry point of the UI bench (ui-bench.ts), spawned by `npm run bench -- ui` (node-core/bench/main.ts).
import { runUiBench } from "./ui-bench.js";

await runUiBench();
