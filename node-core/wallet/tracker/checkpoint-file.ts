// FileScanCheckpointStore: a ScanCheckpointStore in one JSON file (e.g. <datadir>/wallets/<name>.scan.json),
// replaced atomically through the keystore's writeFileAtomic (temp file, fsync, rename, directory fsync), so
// a crash leaves the previous checkpoint or the new one. The file holds no secrets (see checkpoint.ts).
import { readFile, rm } from "node:fs/promises";
import { writeFileAtomic } from "../keystore/index.js";
import {
  decodeCheckpoint,
  encodeCheckpoint,
  type ScanCheckpoint,
  type ScanCheckpointStore,
} from "./checkpoint.js";
import { TrackerError } from "./errors.js";

/** Checkpoints far larger than this are not ours (a wallet with 100k coins writes about 20 MB). */
const MAX_CHECKPOINT_BYTES = 64 * 1024 * 1024;

export class FileScanCheckpointStore implements ScanCheckpointStore {
  constructor(readonly path: string) {}

  async load(): Promise<ScanCheckpoint | null> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.path);
    } catch (err) {
      if (systemCode(err) === "ENOENT") return null;
      throw this.ioError("read", err);
    }
    if (bytes.length > MAX_CHECKPOINT_BYTES) throw this.unreadable("larger than any checkpoint");
    const decoded = decodeCheckpoint(bytes.toString("utf8"));
    if (!decoded.ok) throw this.unreadable(decoded.reason);
    return decoded.checkpoint;
  }

  async save(checkpoint: ScanCheckpoint): Promise<void> {
    try {
      await writeFileAtomic(this.path, new TextEncoder().encode(encodeCheckpoint(checkpoint)));
    } catch (err) {
      throw this.ioError("write", err);
    }
  }

  async clear(): Promise<void> {
    try {
      await rm(this.path, { force: true });
    } catch (err) {
      throw this.ioError("remove", err);
    }
  }

  private unreadable(reason: string): TrackerError<"TRACKER_CHECKPOINT_UNREADABLE"> {
    return new TrackerError(
      "TRACKER_CHECKPOINT_UNREADABLE",
      `the scan checkpoint cannot be used: ${reason}`,
      {
        path: this.path,
        reason,
      },
    );
  }

  private ioError(operation: string, err: unknown): TrackerError<"TRACKER_CHECKPOINT_IO"> {
    // writeFileAtomic reports KEYSTORE_IO with the system code in its payload.
    const payloadCode = (err as { payload?: { code?: unknown } } | null)?.payload?.code;
    const code = typeof payloadCode === "string" ? payloadCode : systemCode(err);
    return new TrackerError(
      "TRACKER_CHECKPOINT_IO",
      `the scan checkpoint ${operation} failed (${code})`,
      { path: this.path, operation, code },
      { cause: err },
    );
  }
}

function systemCode(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : "EIO";
}
