import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AutomationHub, openAutomationHub } from '@tier1/events';
import postgres from 'postgres';
import { createDashboardHandler, type DashboardHandler, type DashboardHandlerOptions } from '../../src/index';

export const ADMIN_DATABASE_URL =
  process.env.TIER1_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export type BackendName = 'pglite' | 'postgres';
export const BACKENDS: BackendName[] = ['pglite', 'postgres'];

async function probePostgres(): Promise<string | undefined> {
  const admin = postgres(ADMIN_DATABASE_URL, { connect_timeout: 3, max: 1, onnotice: () => {} });
  try {
    await admin`select 1`;
    return undefined;
  } catch (error) {
    return `PostgreSQL at ${ADMIN_DATABASE_URL} is unreachable (${(error as Error).message})`;
  } finally {
    await admin.end({ timeout: 1 });
  }
}

const postgresUnavailable = await probePostgres();
const postgresRequired = process.env.TIER1_REQUIRE_POSTGRES === '1';
if (postgresUnavailable && !postgresRequired) {
  console.warn(
    `[postgres] dashboard tests SKIPPED: ${postgresUnavailable}. Set TIER1_REQUIRE_POSTGRES=1 to make this a failure.`,
  );
}

/** Whether a backend's suite is skipped here: PostgreSQL unreachable, as the store suite decides. */
export function skipBackend(backend: BackendName): boolean {
  return backend === 'postgres' && postgresUnavailable !== undefined && !postgresRequired;
}

export interface ScratchStore {
  hub: AutomationHub;
  remove(): Promise<void>;
}

/**
 * A new, migrated store: PGlite in a temporary directory, or a fresh PostgreSQL database
 * tier1_t_<random> (dropped by remove()). Like the store suite, the [postgres] suites are
 * skipped with a warning when the server is unreachable, and fail with TIER1_REQUIRE_POSTGRES=1.
 */
export async function openScratchStore(backend: BackendName): Promise<ScratchStore> {
  if (backend === 'pglite') {
    const directory = mkdtempSync(join(tmpdir(), 'tier1-dashboard-test-'));
    const hub = await openAutomationHub({ dataDir: join(directory, 'db') });
    return {
      hub,
      async remove() {
        await hub.close();
        rmSync(directory, { recursive: true, force: true });
      },
    };
  }
  const database = `tier1_t_${randomBytes(6).toString('hex')}`;
  const admin = postgres(ADMIN_DATABASE_URL, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${database}`);
  } finally {
    await admin.end();
  }
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${database}`;
  const hub = await openAutomationHub({ databaseUrl: url.toString(), migrate: true });
  return {
    hub,
    async remove() {
      await hub.close();
      const again = postgres(ADMIN_DATABASE_URL, { max: 1, onnotice: () => {} });
      try {
        await again.unsafe(`drop database if exists ${database} with (force)`);
      } finally {
        await again.end();
      }
    },
  };
}

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
