export {
  createDashboardHandler,
  type DashboardHandler,
  type DashboardHandlerOptions,
} from './create-dashboard-handler';
export type { DashboardStore } from './dashboard-api';
export { DashboardRequestError } from './dashboard-request-error';
export { POLL_INTERVAL_MS } from './event-poller';
