// Public surface of time-cli for other entry points (the bin shim, tests, a future timed subcommand).
export { type CliIo, type CliRun, processIo } from "./context.js";
export {
  type DeriveAddressesRequest,
  type DerivedAddressLine,
  deriveAddressLines,
  MAX_DERIVE_COUNT,
} from "./derive-addresses.js";
export { CliError, type CliErrorCode, EXIT_INTERNAL, EXIT_NEGATIVE, EXIT_OK, EXIT_USAGE } from "./errors.js";
export { buildProgram, CLI_NAME, runCli } from "./main.js";
export { type AddressValidation, validateAddressFor } from "./validate-address.js";
