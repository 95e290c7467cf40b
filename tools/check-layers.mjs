#!/usr/bin/env node
// The layer rule of node-core, enforced: the table in node-core/README.md lists the folders from pure code
// up, and a file may import only its own folder and folders of earlier rows (folders sharing a row are
// siblings and may not import each other). Product code reaches another folder only through its index.ts
// (util/'s leaf modules excepted),
// and never imports testing/; test code (*.test.ts and the test-support files) may also import testing/ and
// reach into a folder's files. Run by `npm run lint`; exits 1 listing every broken import.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

/** Files that exist only to support tests, though not named *.test.ts. */
const TEST_SUPPORT = new Set([
  "fixture.ts",
  "test-support.ts",
  "test-fixtures.ts",
  "arbitraries.ts",
  "cases.ts",
  "curve-test-support.ts",
  "crash-child.ts",
  "suite-support.ts",
  "test-network.ts",
]);

/** Parses the layer table: rows in order, each naming one or more folders in backticks. */
export function parseLayerTable(readme) {
  const rows = [];
  let inTable = false;
  for (const line of readme.split("\n")) {
    if (/^\|\s*folder/i.test(line)) {
      inTable = true;
      continue;
    }
    if (!inTable) continue;
    if (!line.startsWith("|")) {
      if (rows.length > 0) break;
      continue;
    }
    if (/^\|\s*-/.test(line)) continue;
    const first = line.split("|")[1] ?? "";
    const folders = [...first.matchAll(/`([^`]+)\/`/g)].map((m) => m[1]);
    if (folders.length > 0) rows.push(folders);
  }
  const rank = new Map();
  rows.forEach((folders, i) => {
    for (const folder of folders) rank.set(folder, i);
  });
  return rank;
}

/** The listed folder a node-core-relative path belongs to: the longest listed prefix. */
function folderOf(path, rank) {
  let best = null;
  for (const folder of rank.keys()) {
    if (
      (path === folder || path.startsWith(`${folder}/`)) &&
      (best === null || folder.length > best.length)
    ) {
      best = folder;
    }
  }
  return best;
}

function isTestCode(path) {
  const base = path.split("/").pop() ?? "";
  return base.endsWith(".test.ts") || TEST_SUPPORT.has(base) || path.startsWith("testing/");
}

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) yield* walk(full);
    else if (name.endsWith(".ts")) yield full;
  }
}

/** Static imports and re-exports, side-effect imports and dynamic imports with a literal specifier. */
const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+"([^"]+)"|(?:^|\n)\s*import\s+"([^"]+)"|\bimport\(\s*"([^"]+)"\s*\)/g;

/** Every broken import under `root` (node-core), as readable lines. */
export function checkLayers(root) {
  const rank = parseLayerTable(readFileSync(join(root, "README.md"), "utf8"));
  const problems = [];
  for (const file of walk(root)) {
    const path = relative(root, file).split(sep).join("/");
    const own = folderOf(path, rank);
    if (own === null) {
      problems.push(`${path}: its folder is not in the layer table of node-core/README.md`);
      continue;
    }
    const test = isTestCode(path);
    const source = readFileSync(file, "utf8");
    for (const match of source.matchAll(IMPORT)) {
      const spec = match[1] ?? match[2] ?? match[3] ?? "";
      if (!spec.startsWith(".")) {
        if (/^(electron|react|react-dom)(\/|$)/.test(spec)) problems.push(`${path}: imports ${spec}`);
        continue;
      }
      const target = relative(root, resolve(dirname(file), spec))
        .split(sep)
        .join("/");
      if (target.startsWith("..")) {
        problems.push(`${path}: imports ${spec}, outside node-core`);
        continue;
      }
      const to = folderOf(target.replace(/\.js$/, ".ts"), rank);
      if (to === null || to === own) continue;
      if (to === "testing") {
        if (!test && rank.get(own) < rank.get("testing")) {
          problems.push(`${path}: product code imports testing/ (${spec})`);
        }
        continue;
      }
      if (rank.get(to) >= rank.get(own)) {
        const how = rank.get(to) === rank.get(own) ? "a sibling layer" : "a later layer";
        problems.push(`${path}: imports ${spec}, ${how} (${own}/ -> ${to}/)`);
        continue;
      }
      // util/ is a kit of leaf modules: an error class imports util/errors.js alone, so that loading it
      // (in the signature worker thread, say) does not load the logger and pino with it.
      if (!test && target !== `${to}/index.js` && to !== "util") {
        problems.push(`${path}: reaches into ${to}/ (${spec}); import ${to}/index.js`);
      }
    }
  }
  return problems;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), "..", "node-core"));
  if (!existsSync(join(root, "README.md"))) {
    console.error(`check-layers: no README.md in ${root}`);
    process.exit(2);
  }
  const problems = checkLayers(root);
  for (const line of problems) console.error(line);
  if (problems.length > 0) {
    console.error(`check-layers: ${problems.length} import(s) break the layer table of node-core/README.md`);
    process.exit(1);
  }
  console.log("check-layers: every import follows the layer table");
}
