import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RecoveryMetrics } from './metrics';

export const DEFAULT_WORKER_PORT = 9464;
export const DEFAULT_WORKER_HOST = '127.0.0.1';

/** A dependency the worker needs to be ready: resolves when it answers, rejects with why not. */
export type ReadinessCheck = () => Promise<unknown>;

export interface WorkerServerOptions {
  /** 0 picks a free port. Default 9464. */
  port?: number;
  /** Default 127.0.0.1; use 0.0.0.0 where probes come from outside (a container). */
  host?: string;
  /** Checked on every /health/ready, in parallel, e.g. `{ redis, event_store }`. */
  readinessChecks: Record<string, ReadinessCheck>;
  /** Bound on each readiness check. Default 2 s. */
  checkTimeoutMs?: number;
  metrics: RecoveryMetrics;
  /** True once the worker is shutting down: /health/ready answers 503 so no new work is routed here. */
  isStopping?: () => boolean;
}

export interface CheckReport {
  ok: boolean;
  responseTimeMs: number;
  error?: string;
}

export interface WorkerServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

async function runCheck(check: ReadinessCheck, timeoutMs: number): Promise<CheckReport> {
  const startedAt = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { ok: true, responseTimeMs: Math.round((performance.now() - startedAt) * 100) / 100 };
  } catch (error) {
    return {
      ok: false,
      responseTimeMs: Math.round((performance.now() - startedAt) * 100) / 100,
      error: (error as Error).message,
    };
  } finally {
    clearTimeout(timer);
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response
    .writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
    .end(`${JSON.stringify(body)}\n`);
}

/**
 * The worker's HTTP side: `/health/live` (the process answers), `/health/ready` (each dependency
 * with its response time; 503 when one fails or the worker is stopping) and `/metrics`
 * (Prometheus text format, through prom-client).
 */
export async function startWorkerServer(options: WorkerServerOptions): Promise<WorkerServer> {
  const checkTimeoutMs = options.checkTimeoutMs ?? 2_000;
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://worker').pathname;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/health/live') return sendJson(response, 200, { status: 'live' });
    if (path === '/health/ready') {
      const names = Object.keys(options.readinessChecks);
      const reports = await Promise.all(
        names.map((name) => runCheck(options.readinessChecks[name] as ReadinessCheck, checkTimeoutMs)),
      );
      const checks = Object.fromEntries(names.map((name, index) => [name, reports[index]]));
      if (options.isStopping?.()) return sendJson(response, 503, { status: 'stopping', checks });
      const ready = reports.every((report) => report.ok);
      return sendJson(response, ready ? 200 : 503, { status: ready ? 'ready' : 'not_ready', checks });
    }
    if (path === '/metrics') {
      const text = await options.metrics.render();
      response.writeHead(200, { 'content-type': options.metrics.contentType }).end(text);
      return;
    }
    sendJson(response, 404, {
      error: `no such path: ${path}`,
      paths: ['/health/live', '/health/ready', '/metrics'],
    });
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) =>
      sendJson(response, 500, { error: (error as Error).message }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_WORKER_PORT, options.host ?? DEFAULT_WORKER_HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address.includes(':') ? `[${address}]` : address}:${port}`,
    port,
    close: async () => {
      server.closeIdleConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
