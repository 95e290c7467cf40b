// The TimeBridge of the desktop app: adapts the preload's named functions (`window.time.methods.<name>`)
// into the one typed `call`. The connection is the node host's, supervised by the main process: always
// "open" from the window's point of view (the main process shows its own screen when the host is down).
import type { ConnectionState, PreloadBridge, TimeBridge } from "../../../electron/contract.js";

export function createPreloadBridge(preload: PreloadBridge): TimeBridge {
  return {
    kind: "electron",
    call(method, params) {
      const fn = preload.methods[method] as ((p: unknown) => Promise<never>) | undefined;
      if (typeof fn !== "function") {
        return Promise.resolve({
          ok: false,
          error: { code: "API_METHOD_NOT_FOUND", message: `method not found: ${method}` },
        });
      }
      return fn(params ?? {});
    },
    on(event, listener) {
      return preload.subscribe(event, listener);
    },
    onConnection(listener: (state: ConnectionState) => void) {
      listener("open");
      return () => {};
    },
    switchNetwork: (network) => preload.app.switchNetwork(network),
  };
}
