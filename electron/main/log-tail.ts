// The last lines the node host wrote, kept in memory for the error screen (the full log goes to the log
// file). Chunks arrive split anywhere; a line is kept once its newline arrives, and very long lines are cut
// so one runaway line cannot hold the memory.

export class LogTail {
  private readonly lines: string[] = [];
  private partial = "";

  constructor(
    private readonly maxLines = 40,
    private readonly maxLineLength = 2_000,
  ) {}

  push(chunk: string): void {
    const parts = (this.partial + chunk).split("\n");
    this.partial = (parts.pop() ?? "").slice(0, this.maxLineLength);
    for (const line of parts) this.keep(line);
  }

  /** The kept lines, the unterminated last one included. */
  snapshot(): string[] {
    return this.partial === "" ? [...this.lines] : [...this.lines, this.partial].slice(-this.maxLines);
  }

  private keep(line: string): void {
    const trimmed = line.replace(/\r$/, "");
    if (trimmed === "") return;
    this.lines.push(
      trimmed.length > this.maxLineLength ? `${trimmed.slice(0, this.maxLineLength)}…` : trimmed,
    );
    if (this.lines.length > this.maxLines) this.lines.splice(0, this.lines.length - this.maxLines);
  }
}
