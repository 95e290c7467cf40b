// Entry point of `npm run devnet` (the runner itself is devnet-run.ts, which `npm start` reuses).
import { runDevnet } from "./devnet-run.js";

process.exitCode = await runDevnet(process.argv.slice(2));
