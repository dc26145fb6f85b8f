import type { IncomingMessage, ServerResponse } from 'node:http';
import { Tier1Error } from '@tier1/core';
import {
  type ApiContext,
  type DashboardStore,
  hourlyCounts,
  listEvents,
  listProductionChecks,
  listSessions,
  n8nReliability,
  sessionTimeline,
  showEvent,
} from './dashboard-api';
import { DashboardRequestError } from './dashboard-request-error';
import { createEventPoller, type EventPoller } from './event-poller';
import { openEventStream } from './event-stream';
import { sendError, sendJson } from './http-response';
import { indexHtml } from './index-html';
import { loadStaticAssets, type StaticAsset } from './static-assets';

export interface DashboardHandlerOptions {
  /** The store, usually the server's AutomationHub. */
  hub: DashboardStore;
  /** Show only this project's events unless a request names another. */
  projectId?: string;
  /** Live streams poll the store this often (default 250 ms). */
  pollIntervalMs?: number;
  /** Where a failure that is not the user's (a 500, a failed poll) is reported; default console.error. */
  onError?: (error: unknown) => void;
}

export interface DashboardHandler {
  /** Answers a request under the dashboard's paths; false (untouched) for any other path. */
  handle(request: IncomingMessage, response: ServerResponse): Promise<boolean>;
  /** Wakes the live streams' poller at once (call it after storing events). */
  notify(): void;
  /** Ends the live streams and stops the poller. */
  close(): Promise<void>;
}

/** A path segment, decoded; one that is not valid percent-encoding is the caller's mistake. */
function pathParameter(match: RegExpMatchArray): string {
  try {
    return decodeURIComponent(match[1] ?? '');
  } catch {
    throw new DashboardRequestError(
      400,
      `"${match[1]}" is not a valid path segment`,
      'percent-encode it as UTF-8',
    );
  }
}

type Route = (context: ApiContext, params: URLSearchParams, match: RegExpMatchArray) => Promise<unknown>;

const API_ROUTES: [RegExp, Route][] = [
  [/^\/api\/events$/, (context, params) => listEvents(context, params)],
  [/^\/api\/events\/([^/]+)$/, (context, _params, match) => showEvent(context, pathParameter(match))],
  [/^\/api\/sessions$/, (context, params) => listSessions(context, params)],
  [
    /^\/api\/sessions\/([^/]+)\/events$/,
    (context, params, match) => sessionTimeline(context, pathParameter(match), params),
  ],
  [/^\/api\/checks$/, (context, params) => listProductionChecks(context, params)],
  [/^\/api\/n8n$/, (context, params) => n8nReliability(context, params)],
  [/^\/api\/hourly$/, (context, params) => hourlyCounts(context, params)],
];

/** What one handler keeps: the page and its bundle, read once, and the live streams' one poller. */
interface HandlerState {
  assets: Map<string, StaticAsset>;
  page: string;
  context: ApiContext;
  poller: EventPoller;
  streams: Set<ServerResponse>;
}

function isDashboardPath(pathname: string): boolean {
  return (
    pathname === '/' ||
    pathname === '/index.html' ||
    pathname.startsWith('/assets/') ||
    pathname.startsWith('/api/')
  );
}

function serveAsset(
  assets: Map<string, StaticAsset>,
  url: URL,
  request: IncomingMessage,
  response: ServerResponse,
): void {
  const asset = assets.get(url.pathname.slice('/assets/'.length));
  if (!asset) throw new DashboardRequestError(404, `no asset ${url.pathname}`, 'reload the dashboard page');
  const immutable = url.searchParams.get('v') === asset.version;
  const headers = {
    'content-type': asset.contentType,
    etag: asset.etag,
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    'x-content-type-options': 'nosniff',
  };
  if (request.headers['if-none-match'] === asset.etag) {
    response.writeHead(304, headers).end();
    return;
  }
  response.writeHead(200, { ...headers, 'content-length': asset.body.length }).end(asset.body);
}

function servePage(page: string, response: ServerResponse): void {
  response
    .writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
      'content-security-policy':
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'",
    })
    .end(page);
}

async function route(
  state: HandlerState,
  url: URL,
  request: IncomingMessage,
  response: ServerResponse,
  startedAt: number,
): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    throw new DashboardRequestError(
      405,
      `${request.method} is not allowed on ${url.pathname}`,
      'the dashboard only reads: use GET',
    );
  }
  if (url.pathname === '/' || url.pathname === '/index.html') return servePage(state.page, response);
  if (url.pathname.startsWith('/assets/')) return serveAsset(state.assets, url, request, response);
  if (url.pathname === '/api/stream') {
    const { hub, projectId } = state.context;
    return openEventStream(
      request,
      response,
      url.searchParams,
      { hub, poller: state.poller, projectId },
      state.streams,
    );
  }
  for (const [pattern, handler] of API_ROUTES) {
    const match = url.pathname.match(pattern);
    if (match)
      return sendJson(response, 200, await handler(state.context, url.searchParams, match), startedAt);
  }
  throw new DashboardRequestError(
    404,
    `no dashboard API ${url.pathname}`,
    'see docs/dashboard.md for the API',
  );
}

/**
 * The dashboard as a node:http handler: the page at `/`, its bundle under `/assets/`, a JSON
 * API under `/api/` and server-sent events at `/api/stream`. It keeps no state but the live
 * streams' one shared poller; every answer is read from the store with keyset pages.
 */
export function createDashboardHandler(options: DashboardHandlerOptions): DashboardHandler {
  const onError = options.onError ?? ((error: unknown) => console.error('tier1 dashboard:', error));
  const assets = loadStaticAssets();
  const state: HandlerState = {
    assets,
    page: indexHtml(assets, { projectId: options.projectId }),
    context: { hub: options.hub, projectId: options.projectId },
    poller: createEventPoller(options.hub, { intervalMs: options.pollIntervalMs, onError }),
    streams: new Set(),
  };
  return {
    async handle(request, response) {
      const url = new URL(request.url ?? '/', 'http://dashboard.invalid');
      if (!isDashboardPath(url.pathname)) return false;
      const startedAt = performance.now();
      try {
        await route(state, url, request, response, startedAt);
      } catch (error) {
        if (!Tier1Error.isInstance(error)) onError(error);
        if (response.headersSent) response.destroy(error as Error);
        else sendError(response, error, startedAt);
      }
      return true;
    },
    notify() {
      state.poller.notify();
    },
    async close() {
      for (const stream of state.streams) stream.end();
      state.streams.clear();
      await state.poller.close();
    },
  };
}
