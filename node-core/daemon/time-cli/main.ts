// time-cli entry: an offline command (derive-addresses, validate-address, sign-transaction) runs through the
// commander program; any other command line is a JSON-RPC call to timed (rpc-call.ts). Every outcome maps
// to an exit code: usage errors (commander's own included, through exitOverride) become exactly one stderr
// line "time-cli: error: …" and exit code 2; help goes to stdout with exit code 0.
import { Command, CommanderError } from "commander";
import { isKeysError } from "../../keys/index.js";
import { errorLine } from "../error-line.js";
import { packageVersion } from "../package-version.js";
import { type CliIo, type CliRun, processIo } from "./context.js";
import { registerDeriveAddresses } from "./derive-addresses.js";
import { CliError, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE } from "./errors.js";
import { type RpcCallEnvironment, runRpcCall } from "./rpc-call.js";
import { isRpcOption } from "./rpc-options.js";
import { registerSignTransaction } from "./sign-transaction.js";
import { registerValidateAddress } from "./validate-address.js";

export const CLI_NAME = "time-cli";

export function buildProgram(run: CliRun): Command {
  const program = new Command(CLI_NAME)
    .description("TIME Coin command-line tool")
    .version(packageVersion(), "-V, --version", "print the version and exit")
    .usage("[options] <command> | [rpc options] <method> [params...]")
    .addHelpText(
      "after",
      `
Any other command is a JSON-RPC call to a running timed, as with bitcoin-cli:
  ${CLI_NAME} [rpc options] <method> [params...]   e.g. ${CLI_NAME} -network=devnet getblockhash 0
A param the method takes only as text (a passphrase, a label, a txid) is sent as typed; any other param is
JSON when it parses as JSON, else a string. RPC options (before the method):
  -network=NET         mainnet (default), testnet or devnet: the default port and data directory
  -datadir=DIR         data directory holding the cookie file .cookie (default ~/.timecoin/<network>)
  -rpcconnect=HOST     daemon host (default 127.0.0.1)      -rpcport=N  daemon RPC port
  -rpcuser=U -rpcpassword=P   password auth instead of the cookie file
  -rpcwait             retry until the daemon answers, up to -rpcwaittimeout=S (default 60, 0 = forever)
  -rpcclienttimeout=S  seconds to wait for an answer (default 900, 0 = forever)
  -named               params are name=value pairs
An RPC error prints "error code: N" and the message on stderr and exits 1.`,
    )
    .exitOverride()
    .configureOutput({
      writeOut: (text) => run.io.writeOut(text),
      // Only usage help printed on error reaches writeErr; runCli prints its own single line instead.
      writeErr: () => {},
      outputError: () => {},
    });
  registerDeriveAddresses(program, run);
  registerValidateAddress(program, run);
  registerSignTransaction(program, run);
  return program;
}

/** Whether the command line is an RPC call rather than an offline command or a question to time-cli. */
export function isRpcCommandLine(args: readonly string[], program: Command): boolean {
  const first = args[0];
  if (first === undefined) return false;
  if (isRpcOption(first)) return true;
  if (first.startsWith("-")) return false;
  const offline = new Set(program.commands.flatMap((c) => [c.name(), ...c.aliases()]));
  return !offline.has(first) && first !== "help";
}

/** Runs time-cli on the user arguments (process.argv without node and script) and returns the exit code. */
export async function runCli(
  args: readonly string[],
  io: CliIo = processIo,
  rpcEnv: RpcCallEnvironment = {},
): Promise<number> {
  const run: CliRun = { io, exitCode: EXIT_OK };
  try {
    const program = buildProgram(run);
    if (isRpcCommandLine(args, program)) await runRpcCall(args, run, rpcEnv);
    else await program.parseAsync([...args], { from: "user" });
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
