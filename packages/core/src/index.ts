export { writeFileAtomicSync } from './atomic-write';
export { describeIntegerBounds, type IntegerBounds, parseBoundedInteger } from './bounded-integer';
export {
  type IntegerVariable,
  type LoadConfigOptions,
  loadConfig,
  readIntegerVariable,
  type Tier1Config,
} from './config';
export { type DurationOptions, type DurationUnit, parseDuration } from './duration';
export { ConfigError, formatUserError, Tier1Error, ValidationError } from './errors';
export {
  type AcquireFileLockOptions,
  acquireFileLock,
  type FileLock,
  type LockHolder,
  StoreLockedError,
} from './file-lock';
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './page-size';
export { isProcessAlive } from './process-alive';
export { randomBytes } from './random-bytes';
export {
  findServer,
  removeServerFile,
  type ServerInfo,
  serverFilePath,
  serverFileState,
  writeServerFile,
} from './server-file';
export { requestServer, type ServerResponse } from './server-request';
export { createEventUid, isEventUid } from './uid';
