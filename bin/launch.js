// Shared launcher of the package's executables. In a checkout (the node-core/ source tree sits beside
// bin/) it runs the TypeScript source through tsx, so a dist/ left over from an earlier build can never be
// what a developer or a test exercises; the one exception is TIMECOIN_LAUNCH=bundle, which `npm start` sets
// after building dist/daemon/ afresh (tools/build-daemon.mjs: one file per program loads in a third of the
// time of the module tree). An installed package, which ships dist/ without the sources, runs the bundle,
// or else tsc's output. The exit code is handed to Node without calling process.exit (so stdout drains).
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Runs `entry` (a path under node-core/ without extension) by calling its exported `main(argv)`. */
export async function launch(name, entry, main) {
  const source = join(root, "node-core", `${entry}.ts`);
  const bundle = join(root, "dist", "daemon", `${name}.mjs`);
  const built = join(root, "dist", "node-core", `${entry}.js`);
  let file;
  if (process.env.TIMECOIN_LAUNCH === "bundle" && existsSync(bundle)) {
    file = bundle;
  } else if (existsSync(source)) {
    const { register } = await import("tsx/esm/api");
    register();
    file = source;
  } else if (existsSync(bundle)) {
    file = bundle;
  } else if (existsSync(built)) {
    file = built;
  } else {
    // Same contract as the programs themselves: one stderr line; 3 because the package, not the input, is broken.
    process.stderr.write(`${name}: error: internal error: neither ${source} nor ${built} exists\n`);
    process.exitCode = 3;
    return;
  }
  const program = await import(pathToFileURL(file).href);
  process.exitCode = await program[main](process.argv.slice(2));
}
