import { latencyRun } from "../node-core/bench/devnet.js";
console.log(JSON.stringify(await latencyRun(Number(process.env.L ?? 0))));
