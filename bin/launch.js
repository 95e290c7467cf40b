// Shared launcher of the package's executables. In a checkout (the node-core/ source tree sits beside
// bin/) it always runs the TypeScript source through tsx, so a dist/ left over from an earlier
// `npm run build` can never be what a developer or a test exercises; only an installed package, which ships
// dist/ without the sources, runs the compiled program. The exit code is handed to Node without calling
// process.exit (so stdout drains fully).
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Runs `entry` (a path under node-core/ without extension) by calling its exported `main(argv)`. */
export async function launch(name, entry, main) {
  const source = join(root, "node-core", `${entry}.ts`);
  const built = join(root, "dist", "node-core", `${entry}.js`);
  let file;
  if (existsSync(source)) {
    const { register } = await import("tsx/esm/api");
    register();
    file = source;
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
