import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { hostname } from 'node:os';
import { join } from 'node:path';
import {
  acquireFileLock,
  type FileLock,
  findServer,
  removeServerFile,
  type ServerInfo,
  type Tier1Config,
  Tier1Error,
  writeServerFile,
} from '@tier1/core';
import {
  type AutomationEventInput,
  type AutomationHub,
  EventSpool,
  isStoreDownError,
  openAutomationHub,
  openAutomationHubFromConfig,
  type StoredAutomationEvent,
  spoolDirectory,
} from '@tier1/events';
import { createRequestGuard, isLoopbackAddress } from './request-guard';
import { createServerRoutes, type DashboardHandler, type HookHandler } from './server-routes';
import { sharePglite } from './share-pglite';
import { startSpoolDrainer } from './spool-drainer';

/** Port of `tier1 serve` unless told otherwise: stable, so `tier1 hooks install --http` can name it. */
export const DEFAULT_SERVER_PORT = 4319;

/** Records one event the way the server does: in its store, or in the spool while the store is down. */
export type RecordEvent = (input: AutomationEventInput) => Promise<{ uid: string }>;

export interface StartServerOptions {
  config: Tier1Config;
  /** Default 127.0.0.1. Any other address requires a token. */
  address?: string;
  /** Default DEFAULT_SERVER_PORT; 0 takes any free port. */
  port?: number;
  /** Needed on every request; made up (and written to server.json, mode 0600) when listening beyond loopback without one. */
  token?: string;
  /** Claude Code's `"type": "http"` hooks: the path they are POSTed to, and their handler built on the server's recorder. */
  hook?: { path: string; create: (record: RecordEvent) => HookHandler };
  /** Builds the dashboard on the server's store; `notify` is called whenever events were stored. */
  createDashboard?: (hub: AutomationHub) => {
    handle: DashboardHandler;
    notify(): void;
    close(): Promise<void>;
  };
  /** One line per notable thing (drain errors, refusals of the store). Default: stderr. */
  log?: (line: string) => void;
}

export interface RunningServer {
  info: ServerInfo;
  hub: AutomationHub;
  /** Stops taking requests, drains the spool once more, closes the store and removes server.json. */
  close(): Promise<void>;
}

async function takeServerLock(config: Tier1Config): Promise<FileLock> {
  mkdirSync(config.home, { recursive: true });
  try {
    return await acquireFileLock(join(config.home, 'server.lock'), {
      timeoutMs: 0,
      purpose: 'tier1 serve',
      resource: `tier1 serve of ${config.home}`,
    });
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'STORE_LOCKED') throw error;
    const running = findServer(config.home);
    throw new Tier1Error(
      'SERVER_RUNNING',
      `tier1 serve already runs for ${config.home}${running ? ` (pid ${running.pid}, ${running.url})` : ''}`,
      { hint: 'use it, or stop it first with tier1 serve stop', cause: error },
    );
  }
}

/**
 * Opens the store the configuration names. The embedded one is then shared over the wire, and
 * the server itself uses it through that socket too: PGlite has one session, and a query of
 * this process slipped in while a client holds a transaction open would run inside it.
 */
async function openServedStore(
  config: Tier1Config,
  cleanups: Array<() => Promise<void> | void>,
): Promise<{ hub: AutomationHub; storeUrl: string | null }> {
  const owner = await openAutomationHubFromConfig(config, { purpose: 'tier1 serve' });
  cleanups.push(() => owner.close());
  if (!owner.embedded) return { hub: owner, storeUrl: null };
  const shared = await sharePglite(owner.embedded);
  cleanups.push(() => shared.close());
  const hub = await openAutomationHub({
    served: { url: shared.url, store: owner.store },
    secrets: config.secrets,
  });
  cleanups.push(() => hub.close());
  return { hub, storeUrl: shared.url };
}

function listen(server: Server, port: number, address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Tier1Error('SERVER_PORT_IN_USE', `port ${port} on ${address} is taken by another program`, {
              hint: 'start tier1 serve with --port <another port> (or TIER1_SERVER_PORT), or stop that program',
            })
          : error,
      ),
    );
    server.listen(port, address, () => resolve((server.address() as { port: number }).port));
  });
}

/** A sink that stores through the server's hub and spools while the store is down, never losing an event. */
function createServerRecorder(hub: AutomationHub, spool: EventSpool, onStored: () => void): RecordEvent {
  return async (input) => {
    let stored: StoredAutomationEvent;
    try {
      stored = await hub.storeEvent(input);
    } catch (error) {
      if (!isStoreDownError(error)) throw error;
      return spool.append(input);
    }
    onStored();
    return stored;
  };
}

/** Drains the spool into the hub as hooks seal segments, until the server closes. */
function drainSpoolWhileServing(
  config: Tier1Config,
  hub: AutomationHub,
  onDrained: () => void,
  log: (line: string) => void,
  cleanups: Array<() => Promise<void> | void>,
): EventSpool {
  const spool = new EventSpool(spoolDirectory(config), { secrets: config.secrets });
  const drainer = startSpoolDrainer({
    spool,
    target: hub,
    onDrained,
    onError: (error) => log(`draining the spool failed: ${(error as Error).message}`),
  });
  cleanups.push(() => drainer.stop());
  return spool;
}

/** What server.json says: where to reach this server (a wildcard address by loopback) and its store. */
function describeServer(
  listening: { address: string; port: number; token: string | undefined; startedAt: string },
  hub: AutomationHub,
  storeUrl: string | null,
): ServerInfo {
  const urlHost = listening.address.includes(':') ? `[${listening.address}]` : listening.address;
  return {
    pid: process.pid,
    host: hostname(),
    url: `http://${urlHost === '0.0.0.0' || urlHost === '[::]' ? '127.0.0.1' : urlHost}:${listening.port}`,
    storeUrl,
    backend: hub.backend,
    store: hub.store,
    startedAt: listening.startedAt,
    ...(listening.token ? { token: listening.token } : {}),
  };
}

/**
 * `tier1 serve`: opens the project's store once and lets every other Tier 1 process use it at
 * the same time: the embedded store is shared over PostgreSQL's wire protocol
 * (`@electric-sql/pglite-socket`), the spool is drained as segments are sealed, and HTTP
 * carries Claude Code's hooks, recorded events and the dashboard. See docs/server.md.
 */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const { config } = options;
  const address = options.address ?? '127.0.0.1';
  const token =
    options.token ?? (isLoopbackAddress(address) ? undefined : randomBytes(24).toString('base64url'));
  const log = options.log ?? ((line: string) => process.stderr.write(`tier1 serve: ${line}\n`));
  const lock = await takeServerLock(config);
  const cleanups: Array<() => Promise<void> | void> = [() => lock.release()];
  const cleanUp = async () => {
    for (const step of cleanups.reverse()) await step();
  };
  try {
    const { hub, storeUrl } = await openServedStore(config, cleanups);
    const dashboard = options.createDashboard?.(hub);
    if (dashboard) cleanups.push(() => dashboard.close());
    const notify = () => dashboard?.notify();
    const spool = drainSpoolWhileServing(config, hub, notify, log, cleanups);

    const startedAt = new Date().toISOString();
    const http = createServer();
    const port = await listen(http, options.port ?? DEFAULT_SERVER_PORT, address);
    cleanups.push(() => closeHttp(http));
    const info = describeServer({ address, port, token, startedAt }, hub, storeUrl);
    const record = createServerRecorder(hub, spool, notify);
    http.on(
      'request',
      createServerRoutes({
        hub,
        guard: createRequestGuard({ address, port, token }),
        health: () => ({ ok: true, pid: info.pid, backend: info.backend, store: info.store, startedAt }),
        hook: options.hook && { path: options.hook.path, handle: options.hook.create(record) },
        dashboard: dashboard && ((request, response) => dashboard.handle(request, response)),
        onStored: notify,
        spooledEvents: () => spool.pendingEvents(),
      }),
    );
    writeServerFile(config.home, info);
    cleanups.push(() => removeServerFile(config.home, process.pid));
    return { info, hub, close: cleanUp };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

/** Stops accepting connections, lets requests in flight finish (up to 5 s), then closes idle keep-alives. */
function closeHttp(http: Server): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => http.closeAllConnections(), 5000);
    force.unref();
    http.close(() => {
      clearTimeout(force);
      resolve();
    });
    http.closeIdleConnections();
  });
}
