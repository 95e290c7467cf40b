// Where the e2e run keeps things: the repository root (timed serves its dist/renderer) and the artifacts
// folder (screenshots and logs a person looks at; gitignored).
import { join } from "node:path";

export const E2E_DIR = join(import.meta.dirname, "..");
export const REPO_ROOT = join(E2E_DIR, "..");
export const ARTIFACTS_DIR = join(E2E_DIR, "artifacts");
export const SCREENSHOTS_DIR = join(ARTIFACTS_DIR, "screenshots");
