// The one bridge of this window: the preload's in the desktop app, else the daemon's WebSocket (web mode,
// where the page was opened with the launch token, which the WebSocket URL carries on).
import type { PreloadBridge, TimeBridge } from "../../../electron/contract.js";
import { createPreloadBridge } from "./preload-bridge.js";
import { createWebSocketBridge } from "./websocket-bridge.js";

declare global {
  interface Window {
    readonly time?: PreloadBridge;
  }
}

function webSocketUrl(): string {
  const token = new URLSearchParams(window.location.search).get("token") ?? "";
  const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${window.location.host}/ws?token=${encodeURIComponent(token)}`;
}

export const bridge: TimeBridge =
  window.time !== undefined ? createPreloadBridge(window.time) : createWebSocketBridge(webSocketUrl());
