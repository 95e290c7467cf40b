// `time-cli validate-address`: says whether an address is valid on a network, as one JSON line. Exit code 0
// for valid, 1 for invalid (the reason is in the JSON), so scripts can branch on either.
import type { Command } from "commander";
import type { AddressErrorCode } from "../../keys/index.js";
import { checkAddress } from "../../keys/index.js";
import type { NetworkName } from "../../params/index.js";
import type { CliRun } from "./context.js";
import { EXIT_NEGATIVE } from "./errors.js";
import { networkOption, resolveNetwork } from "./options.js";

export type AddressValidation =
  | { readonly valid: true; readonly network: NetworkName }
  | { readonly valid: false; readonly error: AddressErrorCode; readonly message: string };

export function validateAddressFor(address: string, networkName: string): AddressValidation {
  const network = resolveNetwork(networkName);
  const check = checkAddress(address, network);
  return check.valid
    ? { valid: true, network: network.name }
    : { valid: false, error: check.code, message: check.message };
}

export function registerValidateAddress(program: Command, run: CliRun): void {
  program
    .command("validate-address")
    .description("check an address for a network: prints JSON, exit code 0 if valid, 1 if not")
    .argument(
      "<address>",
      "the address to check (TIME1… mainnet, TIME0… testnet/devnet); surrounding whitespace is ignored",
    )
    .addOption(networkOption())
    .action((address: string, options: { network: string }) => {
      // A pasted address often carries a space or line break; it is not part of the address.
      const result = validateAddressFor(address.trim(), options.network);
      run.io.writeOut(`${JSON.stringify(result)}\n`);
      if (!result.valid) run.exitCode = EXIT_NEGATIVE;
    });
}
