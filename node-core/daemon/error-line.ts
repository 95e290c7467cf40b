// How every command-line entry point reports a failure: one line `<name>: error: <message>` on stderr, the
// message folded onto one line (a multi-line library message must not break the one-line contract that
// scripts and the tests rely on).

/** The message with its lines trimmed and joined by spaces, blank lines dropped. */
export function oneLine(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .join(" ");
}

/** The stderr line for a failure of the command `name`. */
export function errorLine(name: string, message: string): string {
  return `${name}: error: ${oneLine(message)}\n`;
}
