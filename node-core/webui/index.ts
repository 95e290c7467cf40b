// Public surface of webui/: the web mode's server (the built renderer behind a launch token, the contract
// over a WebSocket), its options and errors.
export * from "./errors.js";
export * from "./options.js";
export * from "./server.js";
export * from "./socket-session.js";
export * from "./static-files.js";
