// Best-effort zeroing of key material held in byte arrays. JavaScript cannot promise that no copy exists
// elsewhere (the garbage collector may have moved a buffer, a string cannot be changed at all), so the
// keystore keeps secrets in Uint8Array where it can and zeroes every buffer it owns once it is done with it.

/** Overwrites every given byte array with zeros (null and undefined are skipped). */
export function wipe(...buffers: readonly (Uint8Array | null | undefined)[]): void {
  for (const bytes of buffers) bytes?.fill(0);
}
