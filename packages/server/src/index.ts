export { type OpenStoreOptions, openStore } from './open-store';
export { createRecorder, type RecorderOptions } from './record-event';
export {
  createRequestGuard,
  isLoopbackAddress,
  type Refusal,
  type RequestGuardOptions,
} from './request-guard';
export { findServer, type ServerInfo, serverFilePath, serverFileState } from './server-file';
export { startDetachedServer, stopServer } from './server-process';
export { requestServer, type ServerResponse } from './server-request';
export type { DashboardHandler, HookHandler } from './server-routes';
export {
  DEFAULT_SERVER_PORT,
  type RecordEvent,
  type RunningServer,
  type StartServerOptions,
  startServer,
} from './start-server';
