// The options of every window main creates, as pure functions so a test can check each one: the security
// settings (context isolation, sandbox, no Node, no <webview>) are fixed here and nowhere else. The preload
// gets the API's method and event names as arguments because a sandboxed preload cannot import node-core.
import type { BrowserWindowConstructorOptions } from "electron";
import { PRELOAD_ARGUMENTS } from "../contract.js";

/** The settings every window's webPreferences must have. */
export const SECURE_WEB_PREFERENCES = Object.freeze({
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webviewTag: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  navigateOnDragDrop: false,
  spellcheck: false,
} as const);

export interface MainWindowInput {
  /** Absolute path of the built preload script. */
  readonly preloadPath: string;
  readonly methods: readonly string[];
  readonly events: readonly string[];
  readonly iconPath?: string;
}

export function preloadArguments(methods: readonly string[], events: readonly string[]): string[] {
  return [
    `${PRELOAD_ARGUMENTS.methods}${methods.join(",")}`,
    `${PRELOAD_ARGUMENTS.events}${events.join(",")}`,
  ];
}

/** The app's one window (it shows the UI, or the error screen when the node cannot start). */
export function mainWindowOptions(input: MainWindowInput): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: "TIME Coin Desktop",
    backgroundColor: "#0f1115",
    ...(input.iconPath === undefined ? {} : { icon: input.iconPath }),
    webPreferences: {
      ...SECURE_WEB_PREFERENCES,
      preload: input.preloadPath,
      additionalArguments: preloadArguments(input.methods, input.events),
    },
  };
}

/** Every window-option factory, with an example input: the security test walks this list. */
export const WINDOW_OPTION_FACTORIES: readonly {
  readonly name: string;
  readonly build: () => BrowserWindowConstructorOptions;
}[] = Object.freeze([
  {
    name: "mainWindowOptions",
    build: () =>
      mainWindowOptions({ preloadPath: "/app/preload.cjs", methods: ["getblockcount"], events: [] }),
  },
]);
