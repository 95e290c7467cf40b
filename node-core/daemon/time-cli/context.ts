// What a command needs from the outside world: where to read and write, and where to leave its exit code.
// Passing it in (instead of touching process.* in commands) lets runCli be called in-process by other entry
// points.

export interface CliIo {
  writeOut(text: string): void;
  writeErr(text: string): void;
  /** Standard input, for a secret given as the file "-". */
  readIn(): AsyncIterable<Uint8Array>;
}

export interface CliRun {
  readonly io: CliIo;
  /** Set by a command whose answer is not success; runCli returns it. */
  exitCode: number;
}

export const processIo: CliIo = {
  writeOut: (text) => {
    process.stdout.write(text);
  },
  writeErr: (text) => {
    process.stderr.write(text);
  },
  readIn: () => process.stdin,
};
