// Public surface of metrics/: the node's Prometheus registry (NodeMetrics), the /health monitor, the anomaly
// detector the p2p host feeds, their options, errors and the memory probe.
export * from "./anomaly-detector.js";
export * from "./errors.js";
export * from "./health.js";
export * from "./memory.js";
export * from "./node-metrics.js";
export * from "./options.js";
export * from "./rolling-stats.js";
