// Mutation score per module folder, read from Stryker's JSON report (`npm run test:mutation` writes it).
// Stryker's own clear-text table is per file; a folder figure says which layer's tests are weak.
// Usage: tsx node-core/bench/mutation-summary.ts [path/to/mutation.json]
import { readFileSync } from "node:fs";
import { dirname } from "node:path";

interface ReportMutant {
  readonly status: string;
}

interface Report {
  readonly files: Record<string, { readonly mutants: readonly ReportMutant[] }>;
}

interface Tally {
  killed: number;
  survived: number;
  noCoverage: number;
  timeout: number;
  other: number;
}

const DEFAULT_REPORT = "reports/mutation/mutation.json";

/** Stryker's definition: detected (killed + timeout) over valid mutants (detected + survived + no coverage). */
function score(t: Tally): number | null {
  const valid = t.killed + t.timeout + t.survived + t.noCoverage;
  return valid === 0 ? null : (100 * (t.killed + t.timeout)) / valid;
}

function tallyOf(map: Map<string, Tally>, key: string): Tally {
  let t = map.get(key);
  if (t === undefined) {
    t = { killed: 0, survived: 0, noCoverage: 0, timeout: 0, other: 0 };
    map.set(key, t);
  }
  return t;
}

function count(t: Tally, status: string): void {
  if (status === "Killed") t.killed++;
  else if (status === "Survived") t.survived++;
  else if (status === "NoCoverage") t.noCoverage++;
  else if (status === "Timeout") t.timeout++;
  // CompileError, RuntimeError, Ignored, Pending: not counted in the score (the last column).
  else t.other++;
}

function main(): void {
  const path = process.argv[2] ?? DEFAULT_REPORT;
  const report = JSON.parse(readFileSync(path, "utf8")) as Report;
  const byModule = new Map<string, Tally>();
  const total: Tally = { killed: 0, survived: 0, noCoverage: 0, timeout: 0, other: 0 };
  for (const [file, { mutants }] of Object.entries(report.files)) {
    const module = dirname(file.replaceAll("\\", "/"));
    const t = tallyOf(byModule, module);
    for (const m of mutants) {
      count(t, m.status);
      count(total, m.status);
    }
  }
  const rows = [...byModule.entries()].sort(([a], [b]) => a.localeCompare(b));
  rows.push(["all", total]);
  const width = Math.max(...rows.map(([name]) => name.length));
  console.log(`${"module".padEnd(width)}  score   killed timeout survived no-cov  errors`);
  for (const [name, t] of rows) {
    const s = score(t);
    console.log(
      `${name.padEnd(width)}  ${s === null ? "   n/a" : `${s.toFixed(1).padStart(5)}%`} ${String(t.killed).padStart(8)} ${String(t.timeout).padStart(7)} ${String(t.survived).padStart(8)} ${String(t.noCoverage).padStart(6)} ${String(t.other).padStart(7)}`,
    );
  }
}

main();
