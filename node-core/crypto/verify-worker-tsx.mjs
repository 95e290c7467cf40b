// Source-tree entry of the verify worker (vitest, tsx): Node 20 does not apply `--import` loader hooks to
// worker threads, so the worker registers tsx itself before loading the TypeScript worker. Compiled builds
// start verify-worker.js directly and never load this file.
import { register } from "tsx/esm/api";

register();
await import("./verify-worker.ts");
