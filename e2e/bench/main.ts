// Entry point of `npm run bench:ui` (ui-bench.ts).
import { runUiBench } from "./ui-bench.js";

await runUiBench();
