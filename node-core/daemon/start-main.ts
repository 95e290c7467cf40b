// Entry point of `npm start` (start-app.ts).
import { runStartApp } from "./start-app.js";

process.exitCode = await runStartApp(process.argv.slice(2));
