// Strict parsers for time-cli option values. They throw commander's InvalidArgumentError so commander names
// the option in its one-line error; anything not a plain decimal integer in range is refused (no "1e3",
// "0x10", "+1", "1.0" or leading zeros).
import { InvalidArgumentError, Option } from "commander";
import { isNetworkName, NETWORK_NAMES, type NetworkParams, networkParams } from "../../params/index.js";

const DECIMAL_RE = /^(0|[1-9][0-9]*)$/;

/** Returns a parser for integers in [min, max]. */
export function integerOption(min: number, max: number): (value: string) => number {
  return (value) => {
    if (!DECIMAL_RE.test(value)) {
      throw new InvalidArgumentError(`Must be a whole number from ${min} to ${max}`);
    }
    const n = value.length > 16 ? Number.POSITIVE_INFINITY : Number(value);
    if (n < min || n > max) throw new InvalidArgumentError(`Must be from ${min} to ${max}`);
    return n;
  };
}

export function networkOption(): Option {
  return new Option("--network <name>", "network whose address digit to use")
    .choices(NETWORK_NAMES)
    .makeOptionMandatory();
}

export function resolveNetwork(name: string): NetworkParams {
  // commander's choices() already refused other names; this narrows the type.
  if (!isNetworkName(name)) throw new InvalidArgumentError(`unknown network "${name}"`);
  return networkParams(name);
}
