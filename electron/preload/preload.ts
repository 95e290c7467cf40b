// The preload script of the app's window (sandboxed, context-isolated): exposes the bridge as window.time.
// Kept to the wiring; everything it does is in bridge.ts.
import { contextBridge, ipcRenderer } from "electron";
import { createPreloadBridge, parsePreloadArguments } from "./bridge.js";

contextBridge.exposeInMainWorld(
  "time",
  createPreloadBridge(ipcRenderer, parsePreloadArguments(process.argv)),
);
