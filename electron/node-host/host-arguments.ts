// The node host's command line, built by main: what network and data directory it runs on. Apart from
// host-config.ts (which parses it with timed's own rules) so that main does not load timed's config code.

export interface HostStart {
  readonly network: string;
  /** Default: timed's (~/.timecoin/<network>), so the app and timed share a node's data. */
  readonly dataDir?: string;
}

/** The host's arguments (main builds them; the host parses them with timed's own parser). */
export function hostArguments(start: HostStart): string[] {
  return ["--network", start.network, ...(start.dataDir === undefined ? [] : ["--datadir", start.dataDir])];
}
