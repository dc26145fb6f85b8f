export type { EventListing } from './event-list-route';
export { type OpenStoreOptions, openStore } from './open-store';
export { createRecorder, type RecorderOptions } from './record-event';
export {
  createRequestGuard,
  isLoopbackAddress,
  type Refusal,
  type RequestGuardOptions,
} from './request-guard';
export { startDetachedServer, stopServer } from './server-process';
export type { DashboardHandler, HookHandler } from './server-routes';
export {
  DEFAULT_SERVER_PORT,
  type RecordEvent,
  type RunningServer,
  type StartServerOptions,
  startServer,
} from './start-server';
