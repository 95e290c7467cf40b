// The dark modules of a QR matrix as one SVG path (one "h1" run per module row segment), so the code
// renders as a React <path> without any SVG string injected into the page.
export function qrPath(matrix: readonly (readonly boolean[])[], margin: number): string {
  const parts: string[] = [];
  matrix.forEach((row, y) => {
    let x = 0;
    while (x < row.length) {
      if (row[x] !== true) {
        x++;
        continue;
      }
      const start = x;
      while (x < row.length && row[x] === true) x++;
      parts.push(`M${start + margin} ${y + margin}h${x - start}v1h-${x - start}z`);
    }
  });
  return parts.join("");
}
