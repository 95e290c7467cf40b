// The tray icon, drawn rather than shipped (assets/ has no icon yet): a filled disc with a soft edge, as
// the BGRA bitmap nativeImage.createFromBitmap takes.

/** A size x size BGRA bitmap of a disc in the app's accent colour on transparency. */
export function trayIconBitmap(size = 32): Buffer {
  const pixels = Buffer.alloc(size * size * 4);
  const centre = (size - 1) / 2;
  const radius = size / 2 - 1;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const distance = Math.hypot(x - centre, y - centre);
      const coverage = Math.max(0, Math.min(1, radius - distance + 0.5));
      const offset = (y * size + x) * 4;
      pixels[offset] = 0xf5; // blue
      pixels[offset + 1] = 0xa6; // green
      pixels[offset + 2] = 0x2b; // red
      pixels[offset + 3] = Math.round(coverage * 255);
    }
  }
  return pixels;
}
