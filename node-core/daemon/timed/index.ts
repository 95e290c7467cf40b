// Public surface of timed's configuration for the daemon's entry point and the devnet runner.

export { SecretFileError, type SecretFileErrorCode } from "../secret-file.js";
export {
  buildDaemonCommand,
  CONFIG_FILE_NAME,
  type ConnectionLimits,
  DAEMON_NAME,
  type DaemonConfig,
  DEFAULT_LIMITS,
  daemonHelp,
  type ResolveConfigRequest,
  type RpcSettings,
  resolveDaemonConfig,
} from "./config.js";
export { ConfigError, type ConfigErrorCode, type ConfigErrorPayloads } from "./errors.js";
export {
  loadNetworkPeers,
  NETWORK_PEERS_FORMAT,
  networkPeersFile,
  withNetworkPeers,
} from "./network-peers.js";
export { type LoadOperatorKeyOptions, loadOperatorKey, OPERATOR_SEED_BYTES } from "./operator-key.js";
export { type ConfigSource, envName, SETTING_KEYS, type SettingKey } from "./settings.js";
