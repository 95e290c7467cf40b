// Entry and exit of every public encode/decode call: reuse of one scratch Writer on the hot path, the
// whole-input rules (size cap up front, no trailing bytes) and the guarantee that nothing but a
// CodecError ever escapes, even if a decoder has a bug or is handed something that is not bytes.
import { blake3 } from "../crypto/index.js";
import { CodecError } from "./errors.js";
import { Reader } from "./reader.js";
import { Writer } from "./writer.js";

/** Scratch writers larger than this are dropped after use instead of pinning a block-sized buffer. */
const SCRATCH_KEEP_BYTES = 1 << 20;

let scratch: Writer | null = new Writer(4096);

// Encoding is synchronous and never calls back into user code, so one shared writer is safe; a nested
// call (should one ever happen) simply gets a fresh writer.
function takeWriter(object: string): Writer {
  const w = scratch ?? new Writer(4096);
  scratch = null;
  w.reset(object);
  return w;
}

function releaseWriter(w: Writer): void {
  if (w.capacity <= SCRATCH_KEEP_BYTES) scratch = w;
  else if (scratch === null) scratch = new Writer(4096);
}

function wrap(error: unknown, object: string): CodecError {
  if (error instanceof CodecError) return error;
  return new CodecError(
    "CODEC_INVALID_VALUE",
    `${object}: malformed value (${error instanceof Error ? error.name : typeof error})`,
    { object, internal: true },
    { cause: error },
  );
}

/** Encodes with the scratch writer and returns a copy; `maxBytes` is the whole-object cap. */
export function encodeWith<T>(
  object: string,
  value: T,
  write: (w: Writer, v: T) => void,
  maxBytes?: number,
): Uint8Array {
  const w = takeWriter(object);
  try {
    write(w, value);
    if (maxBytes !== undefined && w.length > maxBytes) {
      w.fail("CODEC_OVER_CAP", "size", `${w.length} bytes exceed the cap of ${maxBytes}`, {
        limit: maxBytes,
        actual: w.length,
      });
    }
    return w.toBytes();
  } catch (error) {
    throw wrap(error, object);
  } finally {
    releaseWriter(w);
  }
}

/** BLAKE3 of an encoding, hashed straight from the scratch buffer without copying it out. */
export function hashEncoded<T>(object: string, value: T, write: (w: Writer, v: T) => void): Uint8Array {
  const w = takeWriter(object);
  try {
    write(w, value);
    return blake3(w.view());
  } catch (error) {
    throw wrap(error, object);
  } finally {
    releaseWriter(w);
  }
}

/** Decodes a whole input: optional size cap checked first, then the object, then no trailing bytes. */
export function decodeWith<T>(
  object: string,
  bytes: Uint8Array,
  read: (r: Reader) => T,
  maxBytes?: number,
): T {
  try {
    const r = new Reader(bytes, object);
    if (maxBytes !== undefined && bytes.length > maxBytes) {
      r.fail("CODEC_OVER_CAP", "size", `${bytes.length} bytes exceed the cap of ${maxBytes}`, {
        limit: maxBytes,
        actual: bytes.length,
      });
    }
    const value = read(r);
    r.end();
    return value;
  } catch (error) {
    throw wrap(error, object);
  }
}
