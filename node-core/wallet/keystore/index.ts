// Public surface of the wallet keystore: the Keystore service (create, inspect, unlock, re-encrypt by
// path), the unlocked keystore (save, change password, lock), the wallets directory, the WalletSecrets
// payload type, the file format's constants, the Argon2 backends, errors, options and wipe().
export {
  type AtomicWriteOptions,
  isTemporaryFileName,
  removeStaleTemporaryFiles,
  writeFileAtomic,
} from "./atomic-file.js";
export { type BackupFile, backupPath, listBackups } from "./backups.js";
export {
  type ExportOptions,
  KeystoreDirectory,
  type KeystoreDirectoryModules,
  type KeystoreDirectoryOptions,
  WALLETS_DIR,
  type WalletFileEntry,
} from "./directory.js";
export * from "./errors.js";
export {
  KDF_ID,
  KEYSTORE_FORMAT,
  KEYSTORE_VERSION,
  MAX_KEYSTORE_FILE_BYTES,
  SALT_BYTES,
  WALLET_ID_BYTES,
} from "./format.js";
export {
  ARGON2_VERSION,
  type Argon2Backend,
  type Argon2BackendName,
  type Argon2Preference,
  DERIVED_KEY_BYTES,
  type KdfParams,
  type NativeStatus,
  selectArgon2Backend,
} from "./kdf.js";
export { Keystore, type KeystoreInfo } from "./keystore.js";
export * from "./options.js";
export {
  type AddressBookEntry,
  copySecrets,
  type OperatorKeySeed,
  SECRETS_LIMITS,
  type WalletSecrets,
  wipeSecrets,
} from "./secrets.js";
export { type KeystoreContext, UnlockedKeystore } from "./unlocked-keystore.js";
export { checkWalletName, isValidWalletName, MAX_WALLET_NAME_LENGTH, walletNameKey } from "./wallet-name.js";
export { wipe } from "./wipe.js";
