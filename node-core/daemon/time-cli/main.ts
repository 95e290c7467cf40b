// time-cli entry: builds the commander program, runs one command and maps every outcome to an exit code.
// Usage errors (commander's own included, through exitOverride) become exactly one stderr line
// "time-cli: error: …" and exit code 2; help goes to stdout with exit code 0.
import { Command, CommanderError } from "commander";
import { isKeysError } from "../../keys/index.js";
import { errorLine } from "../error-line.js";
import { packageVersion } from "../package-version.js";
import { type CliIo, type CliRun, processIo } from "./context.js";
import { registerDeriveAddresses } from "./derive-addresses.js";
import { CliError, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE } from "./errors.js";
import { registerValidateAddress } from "./validate-address.js";

export const CLI_NAME = "time-cli";

export function buildProgram(run: CliRun): Command {
  const program = new Command(CLI_NAME)
    .description("TIME Coin command-line tool")
    .version(packageVersion(), "-V, --version", "print the version and exit")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => run.io.writeOut(text),
      // Only usage help printed on error reaches writeErr; runCli prints its own single line instead.
      writeErr: () => {},
      outputError: () => {},
    });
  registerDeriveAddresses(program, run);
  registerValidateAddress(program, run);
  return program;
}

/** Runs time-cli on the user arguments (process.argv without node and script) and returns the exit code. */
export async function runCli(args: readonly string[], io: CliIo = processIo): Promise<number> {
  const run: CliRun = { io, exitCode: EXIT_OK };
  try {
    await buildProgram(run).parseAsync([...args], { from: "user" });
    return run.exitCode;
  } catch (err) {
    const { exitCode, message } = describeFailure(err);
    if (message !== undefined) io.writeErr(errorLine(CLI_NAME, message));
    return exitCode;
  }
}

function describeFailure(err: unknown): { exitCode: number; message?: string } {
  if (err instanceof CommanderError) {
    // Commander's own codes (its error is not a NodeCoreError; ours are handled below).
    if (err.code === "commander.helpDisplayed" || err.code === "commander.version")
      return { exitCode: EXIT_OK };
    if (err.code === "commander.help") {
      return err.exitCode === 0
        ? { exitCode: EXIT_OK }
        : { exitCode: EXIT_USAGE, message: `no command given (run ${CLI_NAME} --help to list them)` };
    }
    return { exitCode: EXIT_USAGE, message: err.message.replace(/^error: /, "") };
  }
  if (err instanceof CliError) return { exitCode: err.exitCode, message: err.message };
  // Mnemonic, key path and address errors are caused by input and their messages hold no secrets.
  if (isKeysError(err)) return { exitCode: EXIT_USAGE, message: err.message };
  const detail = err instanceof Error ? err.message : String(err);
  return { exitCode: EXIT_INTERNAL, message: `internal error: ${detail}` };
}
