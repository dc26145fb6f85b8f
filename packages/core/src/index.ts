export { type LoadConfigOptions, loadConfig, type Tier1Config } from './config';
export { ConfigError, formatUserError, isTier1Error, Tier1Error, ValidationError } from './errors';
export {
  type AcquireFileLockOptions,
  acquireFileLock,
  type FileLock,
  type LockHolder,
  StoreLockedError,
} from './file-lock';
export { isProcessAlive } from './process-alive';
export { randomBytes } from './random-bytes';
export { createEventUid, isEventUid } from './uid';
