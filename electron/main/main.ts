// The Electron main process, kept to wiring: the policies live in the modules beside it (each tested
// without Electron). It registers the app:// scheme before ready, takes the single-instance lock, applies
// the security policy to the session and to every web contents, opens the one window, starts and supervises
// the node host (a utilityProcess), answers the renderer's calls over IPC, forwards pushed events, keeps
// the tray's balance and shows OS notifications, switches the node to the network the person picks (and
// remembers it), opens timecoin: payment links on the Send page, and stops the node cleanly before quitting.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  app,
  BrowserWindow,
  ipcMain,
  Menu,
  Notification,
  nativeImage,
  protocol,
  session,
  shell,
  Tray,
  utilityProcess,
} from "electron";
import { API_PUSH_EVENT_NAMES, apiMethods } from "../../node-core/api/index.js";
import { type DesktopPushMessage, IPC_CHANNELS } from "../contract.js";
import { hostArguments } from "../node-host/host-arguments.js";
import {
  APP_ENTRY_URL,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  createAppProtocolHandler,
  isAppUrl,
} from "./app-protocol.js";
import { errorPageUrl } from "./error-page.js";
import { type HostProcess, HostSupervisor } from "./host-supervisor.js";
import { createCallHandler } from "./ipc-call.js";
import { openLogFile } from "./log-file.js";
import { appMenuTemplate } from "./menu.js";
import { readNetworkChoice, switchedStart, writeNetworkChoice } from "./network-choice.js";
import { notificationsFor, spendableOf, trayTooltip } from "./notifications.js";
import { isPaymentLink, PAYMENT_SCHEME, paymentLinkIn, sendPageUrl } from "./payment-links.js";
import { guardContents, guardSession, isAllowedExternalUrl } from "./security.js";
import { type StartOptions, startOptions } from "./start-options.js";
import { createSwitchNetworkHandler } from "./switch-network.js";
import { trayIconBitmap } from "./tray-icon.js";
import { mainWindowOptions } from "./window-options.js";

const HERE = dirname(fileURLToPath(import.meta.url));
const RENDERER_ROOT = join(HERE, "..", "renderer");
const PRELOAD_PATH = join(HERE, "preload.cjs");
const HOST_PATH = join(HERE, "node-host.mjs");
const METHOD_NAMES = [...apiMethods().keys()];

function openExternal(url: string): void {
  if (isAllowedExternalUrl(url)) void shell.openExternal(url);
}

// Before ready: the scheme's privileges, and the sandbox for every renderer whatever its options say.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let window: BrowserWindow | null = null;
  let tray: Tray | null = null;
  let network: string | null = null;
  let dataDir: string | null = null;
  let spendable: string | null = null;
  const log = openLogFile(app.getPath("logs"));
  const chosen = readNetworkChoice(app.getPath("userData"));
  if (chosen.problem !== undefined) log.write(`${chosen.problem}\n`);
  const launch = startOptions(process.argv, app.isPackaged, chosen.network);
  // What the node host starts with: the launch options until the person switches networks.
  let options: StartOptions = launch;

  const showWindow = () => {
    if (window === null || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };
  // A payment link that launched the app waits for the window; a later one comes through a second
  // instance's arguments (Windows, Linux) or open-url (macOS) and is shown at once.
  let pendingLink = paymentLinkIn(process.argv);
  const openPaymentLink = (link: string | null) => {
    if (link === null) return;
    if (window === null || window.isDestroyed()) {
      pendingLink = link;
      return;
    }
    showWindow();
    void window.loadURL(sendPageUrl(APP_ENTRY_URL, link)).catch(() => {});
  };
  app.on("second-instance", (_event, argv) => {
    showWindow();
    openPaymentLink(paymentLinkIn(argv));
  });
  app.on("open-url", (event, url) => {
    event.preventDefault();
    if (isPaymentLink(url)) openPaymentLink(url);
  });

  const supervisor = new HostSupervisor({
    events: API_PUSH_EVENT_NAMES,
    log: (chunk) => log.write(chunk),
    spawn: () => spawnHost(hostArguments(options)),
    onPush: (event, payload) => {
      if (window !== null && !window.isDestroyed()) {
        const message: DesktopPushMessage = { event, payload };
        window.webContents.send(IPC_CHANNELS.push, message);
      }
      if (event === "wallet:balanceChanged") {
        spendable = spendableOf(payload) ?? spendable;
        tray?.setToolTip(trayTooltip(spendable, network));
      }
      if (Notification.isSupported()) {
        for (const note of notificationsFor(event, payload)) new Notification(note).show();
      }
    },
    onReady: (info) => {
      network = info.network;
      dataDir = info.dataDir;
      tray?.setToolTip(trayTooltip(spendable, network));
    },
    onGiveUp: (why) => {
      window
        ?.loadURL(
          errorPageUrl({
            title: "The node could not be kept running",
            message: why.reason,
            logLines: why.logLines,
            logPath: log.path,
          }),
        )
        .catch(() => {});
    },
  });

  function spawnHost(args: string[]): HostProcess {
    const child = utilityProcess.fork(HOST_PATH, args, { serviceName: "TIME Coin node", stdio: "pipe" });
    return {
      postMessage: (message) => child.postMessage(message),
      onMessage: (listener) => {
        child.on("message", listener);
      },
      onOutput: (listener) => {
        child.stdout?.setEncoding("utf8").on("data", listener);
        child.stderr?.setEncoding("utf8").on("data", listener);
      },
      onExit: (listener) => {
        child.on("exit", listener);
      },
      kill: () => {
        child.kill();
      },
    };
  }

  function createWindow(): BrowserWindow {
    const created = new BrowserWindow(
      mainWindowOptions({ preloadPath: PRELOAD_PATH, methods: METHOD_NAMES, events: API_PUSH_EVENT_NAMES }),
    );
    created.once("ready-to-show", () => created.show());
    created.on("closed", () => {
      if (window === created) window = null;
    });
    void created.loadURL(pendingLink === null ? APP_ENTRY_URL : sendPageUrl(APP_ENTRY_URL, pendingLink));
    pendingLink = null;
    return created;
  }

  app.on("web-contents-created", (_event, contents) => guardContents(contents, openExternal));

  // Every IPC handler answers only our one window's page.
  const isOurContents = (sender: unknown) =>
    window !== null && !window.isDestroyed() && sender === window.webContents;

  ipcMain.handle(
    IPC_CHANNELS.switchNetwork,
    createSwitchNetworkHandler({
      isTrustedUrl: isAppUrl,
      isOurContents,
      current: () => options.network,
      switchTo: async (next) => {
        options = switchedStart(launch, next);
        spendable = null;
        const result = await supervisor.restart(`switching to ${next}`);
        // Remembered only once the node runs there: a network it cannot start on is not where the next
        // launch goes (the error screen shows why; a restart of the app is back on the last good one).
        if (result.ok) writeNetworkChoice(app.getPath("userData"), next);
        return result.ok
          ? { ok: true, result: { network: next } }
          : {
              ok: false,
              error: {
                code: "API_TRANSPORT_ERROR",
                message: `the node could not start on ${next}: ${result.reason}`,
              },
            };
      },
    }),
  );

  ipcMain.handle(
    IPC_CHANNELS.call,
    createCallHandler({
      methods: new Set(METHOD_NAMES),
      isTrustedUrl: isAppUrl,
      isOurContents,
      call: (method, params) => supervisor.client.call(method, params),
    }),
  );

  void app.whenReady().then(() => {
    protocol.handle(APP_SCHEME, createAppProtocolHandler(RENDERER_ROOT));
    // A release is the OS's handler for timecoin: links (a development run leaves the OS's choice alone).
    if (app.isPackaged) app.setAsDefaultProtocolClient(PAYMENT_SCHEME);
    guardSession(session.defaultSession);
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        appMenuTemplate({
          platform: process.platform,
          appName: app.name,
          development: !app.isPackaged,
          showLogs: () => shell.showItemInFolder(log.path),
          showDataFolder: () => {
            if (dataDir !== null) void shell.openPath(dataDir);
          },
        }),
      ),
    );
    tray = new Tray(nativeImage.createFromBitmap(trayIconBitmap(32), { width: 32, height: 32 }));
    tray.setToolTip(trayTooltip(spendable, network));
    tray.on("click", showWindow);
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: "Show TIME Coin Desktop", click: showWindow },
        { type: "separator" },
        { role: "quit" },
      ]),
    );
    window = createWindow();
    supervisor.start();
    app.on("activate", () => {
      if (window === null) window = createWindow();
      else showWindow();
    });
  });

  app.on("window-all-closed", () => {
    if (process.platform !== "darwin") app.quit();
  });

  // The node closes its store cleanly before the app exits: quitting waits for the host to stop.
  let quitting = false;
  app.on("before-quit", (event) => {
    if (quitting) return;
    event.preventDefault();
    quitting = true;
    void supervisor
      .stop("the app is quitting")
      .then(() => log.close())
      .finally(() => app.quit());
  });
}
