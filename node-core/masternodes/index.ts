// Public surface of the masternode service: the registry at a height, heartbeats (signing, the local
// liveness tracker, the rule for heartbeats carried in blocks) and block rewards.
export * from "./block-heartbeats.js";
export * from "./block-reward.js";
export * from "./errors.js";
export * from "./heartbeat.js";
export * from "./heartbeat-emitter.js";
export * from "./heartbeat-tracker.js";
export * from "./options.js";
export * from "./registry.js";
export * from "./reward-rotation.js";
export * from "./reward-window.js";
export * from "./rewards.js";
