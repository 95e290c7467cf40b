// Public surface of rpc/: the JSON-RPC 2.0 server over HTTP on the API's method table, its options and
// errors, the cookie file, and the envelope handler (for transports that reuse JSON-RPC framing).
export * from "./auth.js";
export * from "./cookie.js";
export * from "./errors.js";
export * from "./host-check.js";
export * from "./jsonrpc.js";
export * from "./options.js";
export * from "./server.js";
