#!/usr/bin/env node
// The renderer's import rule, enforced: the UI runs in a sandboxed page, so it may import only its own
// files, the UI libraries it ships with (react, react-dom, zustand, uqr, the BIP-39 English word list), and
// TYPES from the contract (electron/contract.ts, node-core/api/contract.ts) — never node-core runtime code,
// never node: modules, never electron. The contract file itself may import only types. Run by `npm run
// lint`; exits 1 listing every broken import.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const ALLOWED_PACKAGES = [
  /^react$/,
  /^react\/jsx-runtime$/,
  /^react-dom$/,
  /^react-dom\/client$/,
  /^zustand(\/[a-z]+)?$/,
  /^uqr$/,
  /^@scure\/bip39\/wordlists\/english(\.js)?$/,
];

/** Files outside the renderer it may import types from (repository-relative). */
const CONTRACT_FILES = new Set(["electron/contract.ts", "node-core/api/contract.ts"]);

/** import/export statements with a source, side-effect imports and literal dynamic imports. */
const STATEMENT =
  /(?:^|\n)\s*((?:import|export)\s[^;]*?)from\s+"([^"]+)"|(?:^|\n)\s*import\s+"([^"]+)"|\bimport\(\s*"([^"]+)"\s*\)/g;

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) yield* walk(full);
    else if (/\.(ts|tsx)$/.test(name)) yield full;
  }
}

function typeOnly(head) {
  return /^(import|export)\s+type\s/.test(head.trim());
}

/** Broken imports of the renderer's sources under `repo`/renderer/src and of the contract file. */
export function checkRenderer(repo) {
  const problems = [];
  const src = join(repo, "renderer", "src");
  const files = existsSync(src) ? [...walk(src)] : [];
  for (const file of files) {
    const path = relative(repo, file).split(sep).join("/");
    const test = /\.test\.tsx?$/.test(file);
    const source = readFileSync(file, "utf8");
    for (const match of source.matchAll(STATEMENT)) {
      const head = match[1] ?? "";
      const spec = match[2] ?? match[3] ?? match[4] ?? "";
      if (!spec.startsWith(".")) {
        if (test && spec === "vitest") continue;
        if (!ALLOWED_PACKAGES.some((re) => re.test(spec))) problems.push(`${path}: imports ${spec}`);
        continue;
      }
      const target = relative(repo, resolve(dirname(file), spec))
        .split(sep)
        .join("/");
      if (target.startsWith("renderer/")) continue;
      const ts = target.replace(/\.js$/, ".ts");
      if (!CONTRACT_FILES.has(ts)) {
        problems.push(`${path}: imports ${spec}, outside the renderer and not the contract`);
      } else if (match[1] === undefined || !typeOnly(head)) {
        problems.push(`${path}: imports ${spec} for more than types (use import type)`);
      }
    }
  }
  const contract = join(repo, "electron", "contract.ts");
  if (existsSync(contract)) {
    for (const match of readFileSync(contract, "utf8").matchAll(STATEMENT)) {
      if (match[1] === undefined || !typeOnly(match[1])) {
        problems.push(
          `electron/contract.ts: imports ${match[2] ?? match[3] ?? match[4]} for more than types`,
        );
      }
    }
  }
  return problems;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const repo = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), ".."));
  const problems = checkRenderer(repo);
  for (const line of problems) console.error(line);
  if (problems.length > 0) {
    console.error(`check-renderer: ${problems.length} import(s) break the renderer's rule`);
    process.exit(1);
  }
  console.log("check-renderer: the renderer imports only its own files, its UI libraries and contract types");
}
