// Public surface of time-cli for other entry points (the bin shim, tests, a future timed subcommand).
export { type CliIo, type CliRun, processIo } from "./context.js";
export {
  type DeriveAddressesRequest,
  type DerivedAddressLine,
  deriveAddressLines,
  MAX_DERIVE_COUNT,
} from "./derive-addresses.js";
export { CliError, type CliErrorCode, EXIT_INTERNAL, EXIT_NEGATIVE, EXIT_OK, EXIT_USAGE } from "./errors.js";
export { buildProgram, CLI_NAME, isRpcCommandLine, runCli } from "./main.js";
export { formatResult, type RpcCallEnvironment, runRpcCall } from "./rpc-call.js";
export { callRpc, isRetryable, RPC_IN_WARMUP, type RpcOutcome } from "./rpc-client.js";
export { parseRpcInvocation, type RpcConnection, type RpcInvocation } from "./rpc-options.js";
export { paramJson, paramsJson } from "./rpc-params.js";
export {
  decodeTransactionHex,
  parsePrevouts,
  SIGNER_GAP,
  SIGNER_SCAN_CAP,
  type SignRequest,
  type SignResult,
  signTransaction,
} from "./sign-transaction.js";
export { type AddressValidation, validateAddressFor } from "./validate-address.js";
