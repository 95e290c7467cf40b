// Source-tree entry of the Argon2 worker (vitest, tsx): Node 20 does not apply `--import` loader hooks to
// worker threads, so the worker registers tsx itself before loading the TypeScript worker. Compiled builds
// start argon2-worker.js directly and never load this file.
import { register } from "tsx/esm/api";

register();
await import("./argon2-worker.ts");
