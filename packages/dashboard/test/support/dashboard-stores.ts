import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type BackendName, POSTGRES_REQUIRED, STORE_BACKENDS, storeBackend } from '@tier1/events/testing';
import { createDashboardHandler, type DashboardHandler, type DashboardHandlerOptions } from '../../src/index';

/**
 * The backends the dashboard suites run on: the store suite's (a copy of a migrated PGlite
 * directory, or a fresh PostgreSQL database tier1_t_<random> dropped afterwards). [postgres] is
 * skipped, with the store suite's warning, when the server is unreachable, unless
 * TIER1_REQUIRE_POSTGRES=1.
 */
export const BACKENDS: BackendName[] = STORE_BACKENDS.filter(
  (name) => storeBackend(name).unavailable === undefined || POSTGRES_REQUIRED,
);

export { storeBackend };

export interface ServedDashboard {
  url: string;
  dashboard: DashboardHandler;
  close(): Promise<void>;
}

/** The dashboard behind a plain node:http server on a free loopback port, as `tier1 serve` mounts it. */
export async function serveDashboard(options: DashboardHandlerOptions): Promise<ServedDashboard> {
  const dashboard = createDashboardHandler(options);
  const server: Server = createServer(async (request, response) => {
    if (!(await dashboard.handle(request, response))) response.writeHead(404).end('not the dashboard');
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    dashboard,
    async close() {
      await dashboard.close();
      server.closeAllConnections();
      await new Promise((closed) => server.close(closed));
    },
  };
}
