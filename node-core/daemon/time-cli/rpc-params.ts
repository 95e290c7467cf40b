// The params of an RPC call from the command line, as bitcoin-cli makes them: each argument is JSON when it
// parses as JSON (42, true, null, [1,2], {"a":1}, "quoted") and otherwise the string itself, so a txid or an
// address needs no quoting. With -named, every argument is name=value and the params are an object.
// An argument that is JSON goes into the request as the user wrote it, so a number beyond 2^53 (an amount
// in sat) is not rounded by a trip through a JavaScript number.
import { CliError } from "./errors.js";

/** The JSON text of one argument: itself when it is JSON, else the argument as a JSON string. */
export function paramJson(text: string): string {
  try {
    JSON.parse(text);
    return text.trim();
  } catch {
    return JSON.stringify(text);
  }
}

/** The JSON text of the params: an array, or an object with -named. */
export function paramsJson(args: readonly string[], named: boolean): string {
  if (!named) return `[${args.map(paramJson).join(",")}]`;
  const seen = new Set<string>();
  const members: string[] = [];
  for (const arg of args) {
    const eq = arg.indexOf("=");
    const name = eq > 0 ? arg.slice(0, eq) : "";
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name)) {
      throw new CliError(
        "CLI_USAGE",
        "with -named every parameter is name=value (a name of letters, digits and _)",
        { option: "-named" },
      );
    }
    if (seen.has(name))
      throw new CliError("CLI_USAGE", `parameter ${name} is given more than once`, { option: "-named" });
    seen.add(name);
    members.push(`${JSON.stringify(name)}:${paramJson(arg.slice(eq + 1))}`);
  }
  return `{${members.join(",")}}`;
}
