// The params of an RPC call from the command line, as bitcoin-cli makes them: a param the method takes only
// as text (its schema in the method table accepts strings and nothing else: a passphrase, a label, a txid)
// is sent exactly as typed, so an all-digit passphrase stays a string; every other argument is JSON when it
// parses as JSON (42, true, null, [1,2], {"a":1}, "quoted") and otherwise the string itself, so an address
// needs no quoting. "null" still leaves an optional text param out (the table's way to skip a position).
// With -named, every argument is name=value and the params are an object.
// An argument that is JSON goes into the request as the user wrote it, so a number beyond 2^53 (an amount
// in sat) is not rounded by a trip through a JavaScript number.
import { CliError } from "./errors.js";

/** What the client knows of a method's params; an unknown method is null (every argument is JSON or text). */
export interface ParamKinds {
  /** Param names in positional order. */
  readonly names: readonly string[];
  /** Params that take only text. */
  readonly text: ReadonlySet<string>;
  /** Params that may be left out. */
  readonly optional: ReadonlySet<string>;
}

/** The JSON text of one argument: itself when it is JSON, else the argument as a JSON string. */
export function paramJson(text: string): string {
  try {
    JSON.parse(text);
    return text.trim();
  } catch {
    return JSON.stringify(text);
  }
}

/** The JSON text of one argument for the param `name` (undefined: a position past the known params). */
function argumentJson(text: string, name: string | undefined, kinds: ParamKinds | null): string {
  if (kinds === null || name === undefined || !kinds.text.has(name)) return paramJson(text);
  if (text === "null" && kinds.optional.has(name)) return "null";
  return JSON.stringify(text);
}

/** The JSON text of the params: an array, or an object with -named. */
export function paramsJson(args: readonly string[], named: boolean, kinds: ParamKinds | null = null): string {
  if (!named) return `[${args.map((arg, i) => argumentJson(arg, kinds?.names[i], kinds)).join(",")}]`;
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
    members.push(`${JSON.stringify(name)}:${argumentJson(arg.slice(eq + 1), name, kinds)}`);
  }
  return `{${members.join(",")}}`;
}
