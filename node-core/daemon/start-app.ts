// `npm start`: the product for a newcomer. A local devnet of four masternodes starts first (so peers,
// finality and blocks show at once); then, with a display and the Electron binary, the desktop app opens
// with its own embedded node joined to that devnet; otherwise (no display, no Electron binary, or
// TIME_START_WEB=1) a fifth, plain node serves the same UI to a browser and its URL is printed. Ctrl-C
// stops it all. The daemons run from the one-file bundle npm start builds first (dist/daemon/), which
// starts in about a third of the time of the TypeScript source, as long as it is newer than the sources.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { packageRoot } from "./package-version.js";

/** Why the desktop window cannot open here, or null when it can (Electron's binary path then). */
export function desktopAvailability(
  root: string,
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform,
): { readonly binary: string } | { readonly reason: string } {
  if (env.TIME_START_WEB === "1") return { reason: "TIME_START_WEB=1 asks for the web UI" };
  if (platform === "linux" && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return { reason: "there is no display (DISPLAY and WAYLAND_DISPLAY are unset)" };
  }
  const pathFile = join(root, "node_modules", "electron", "path.txt");
  const relative = existsSync(pathFile) ? readFileSync(pathFile, "utf8").trim() : "";
  const binary = relative === "" ? "" : join(root, "node_modules", "electron", "dist", relative);
  if (binary === "" || !existsSync(binary)) {
    return { reason: "the Electron binary is not installed (ELECTRON_SKIP_BINARY_DOWNLOAD, or no download)" };
  }
  return { binary };
}

/**
 * Whether dist/daemon/timed.mjs was built after the last change to any node-core source, so running it
 * runs what the checkout holds (bin/launch.js runs the sources through tsx otherwise).
 */
export function daemonBundleIsFresh(root: string): boolean {
  const bundle = join(root, "dist", "daemon", "timed.mjs");
  if (!existsSync(bundle)) return false;
  const builtAt = statSync(bundle).mtimeMs;
  const newer = (dir: string): boolean =>
    readdirSync(dir, { withFileTypes: true }).some((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return newer(path);
      return /\.(ts|json)$/.test(entry.name) && statSync(path).mtimeMs > builtAt;
    });
  return !newer(join(root, "node-core"));
}

/**
 * The devnet of the browser mode: the four genesis masternodes and a fifth, plain node that serves the UI,
 * as the desktop app's own node would be. A wallet there can register and start a masternode of its own
 * (`masternodestart`), which a genesis masternode's node cannot: it already runs one.
 */
export function webModeDevnetArgs(dataDir: string): string[] {
  return ["--nodes", "5", "--block-time", "2", "--datadir", dataDir, "--ui", "5"];
}

export async function runStartApp(argv: readonly string[]): Promise<number> {
  const root = packageRoot();
  const dataIndex = argv.indexOf("--datadir");
  const dataDir = resolve(
    dataIndex >= 0 ? (argv[dataIndex + 1] ?? "") : join(homedir(), ".timecoin", "local-devnet"),
  );
  // Read by bin/launch.js in every daemon the devnet starts.
  if (daemonBundleIsFresh(root)) process.env.TIMECOIN_LAUNCH = "bundle";
  else {
    process.stderr.write(
      "dist/daemon/ is missing or older than the sources (npm run build:daemon): the daemons run from the sources, which start slower.\n",
    );
  }
  const desktop = desktopAvailability(root, process.env, process.platform);
  if ("reason" in desktop) {
    process.stderr.write(
      `The desktop window cannot open: ${desktop.reason}. Serving the same UI to a browser.\n`,
    );
    const { runDevnet } = await import("./devnet-run.js");
    return runDevnet(webModeDevnetArgs(dataDir));
  }
  const { Devnet } = await import("../devnet/index.js");
  const devnet = await Devnet.create({ nodes: 4, dataDir, blockTimeMs: 2000 });
  await devnet.start();
  const stop = () => void devnet.stop();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  try {
    await devnet.waitReady();
  } catch (error) {
    await devnet.stop();
    process.stderr.write(
      `the devnet did not start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 1;
  }
  process.stderr.write("devnet ready: opening the desktop app (its node joins the devnet as a fifth node)\n");
  const app = spawn(
    desktop.binary,
    [
      join(root, "dist", "electron", "main.mjs"),
      "--network",
      "devnet",
      "--datadir",
      join(dataDir, "desktop"),
    ],
    {
      stdio: "inherit",
      env: {
        ...process.env,
        TIME_BOOTSTRAP: devnet
          .info()
          .map((n) => n.p2p)
          .join(","),
        TIME_BLOCK_TIME_MS: "2000",
        TIME_LISTEN: "127.0.1.5:24200",
        TIME_RPC_BIND: "127.0.1.5",
      },
    },
  );
  const code = await new Promise<number>((done) => app.once("exit", (c) => done(c ?? 1)));
  await devnet.stop();
  return code;
}
