// The node's log file (<logs>/node.log), appended to across runs and rotated to node.log.1 at start-up
// once it passes the size limit, so a long-lived install keeps at most about twice that on disk.
import { createWriteStream, mkdirSync, renameSync, statSync, type WriteStream } from "node:fs";
import { join } from "node:path";

export const LOG_FILE_NAME = "node.log";
const MAX_LOG_BYTES = 10 * 1024 * 1024;

export interface LogFile {
  readonly path: string;
  write(chunk: string): void;
  close(): Promise<void>;
}

export function openLogFile(dir: string, maxBytes = MAX_LOG_BYTES): LogFile {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, LOG_FILE_NAME);
  try {
    if (statSync(path).size > maxBytes) renameSync(path, `${path}.1`);
  } catch {
    // No log yet.
  }
  let stream: WriteStream | null = createWriteStream(path, { flags: "a", mode: 0o600 });
  // A full disk or a removed folder must not take the app down: the log is best effort.
  stream.on("error", () => {
    stream = null;
  });
  return {
    path,
    write(chunk) {
      stream?.write(chunk);
    },
    close() {
      const open = stream;
      stream = null;
      return new Promise((resolve) => (open === null ? resolve() : open.end(() => resolve())));
    },
  };
}
