// Which network and data directory the app's node uses: `--network <name>` and `--datadir <dir>` on the
// app's command line (either `--x value` or `--x=value`), else the network chosen in the app last time
// (network-choice.ts), else devnet in a development build and mainnet in a release. The node host validates the values with timed's own rules and reports a bad one.

export interface StartOptions {
  readonly network: string;
  readonly dataDir?: string;
}

function switchValue(argv: readonly string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === `--${name}`) return argv[i + 1];
    if (arg.startsWith(`--${name}=`)) return arg.slice(name.length + 3);
  }
  return undefined;
}

export function startOptions(
  argv: readonly string[],
  packaged: boolean,
  chosen: string | null = null,
): StartOptions {
  const network = switchValue(argv, "network") ?? chosen ?? (packaged ? "mainnet" : "devnet");
  const dataDir = switchValue(argv, "datadir");
  return dataDir === undefined || dataDir === "" ? { network } : { network, dataDir };
}
