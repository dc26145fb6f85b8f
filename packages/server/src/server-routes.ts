import type { IncomingMessage, ServerResponse } from 'node:http';
import { Tier1Error } from '@tier1/core';
import type { AutomationEventInput, AutomationHub } from '@tier1/events';
import { type EventListing, eventQueryFromParams } from './event-list-route';
import type { Refusal } from './request-guard';

/**
 * Answers one Claude Code hook call: the request body is the hook's stdin (read, bounded and
 * judged as the command hook reads it), the result what `tier1-hook` would print on stdout.
 */
export type HookHandler = (payload: IncomingMessage) => Promise<string>;

/** The dashboard's handler (`@tier1/dashboard`): true when it answered the request. */
export type DashboardHandler = (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;

export interface ServerRoutesOptions {
  hub: AutomationHub;
  guard: (request: IncomingMessage) => Refusal | undefined;
  health: () => Record<string, unknown>;
  /** Claude Code's http hooks: POSTed to `path`. */
  hook?: { path: string; handle: HookHandler };
  dashboard?: DashboardHandler;
  /** After events were stored through POST /events. */
  onStored?: () => void;
  /** Events in the spool not yet in the store (GET /events says how many). */
  spooledEvents: () => number;
  /** Largest POST /events body taken. */
  maxBodyBytes?: number;
}

const DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;

class BodyTooLarge extends Error {}

async function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new BodyTooLarge(`the body is larger than ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
}

function sendError(
  response: ServerResponse,
  status: number,
  code: string,
  message: string,
  hint?: string,
): void {
  sendJson(response, status, { error: { code, message, ...(hint ? { hint } : {}) } });
}

/**
 * A Tier1Error crosses to the client whole (code, message, hint, whether it is the caller's
 * mistake), so a command run through the server prints what it prints without one.
 */
function sendTier1Error(response: ServerResponse, error: Tier1Error): void {
  const { code, message, hint, userMistake } = error;
  sendJson(response, userMistake ? 400 : 503, { error: { code, message, hint, userMistake } });
}

/** POST /events: `{ "events": [AutomationEventInput, …] }`, validated all first, stored once by uid. */
async function storeEvents(
  options: ServerRoutesOptions,
  body: Buffer,
  response: ServerResponse,
): Promise<void> {
  let events: unknown;
  try {
    events = (JSON.parse(body.toString('utf8')) as { events?: unknown }).events;
  } catch {
    return sendError(response, 400, 'INVALID_INPUT', 'the body is not JSON', 'send {"events": [ … ]}');
  }
  if (!Array.isArray(events)) {
    return sendError(response, 400, 'INVALID_INPUT', 'events: not a list', 'send {"events": [ … ]}');
  }
  const result = await options.hub.storeEvents(events as AutomationEventInput[]);
  if (result.stored > 0) options.onStored?.();
  sendJson(response, 200, result);
}

/** GET /events: what `tier1 events list` reads, so a CLI read through the server loads no store. */
async function listEvents(options: ServerRoutesOptions, url: URL, response: ServerResponse): Promise<void> {
  const page = await options.hub.getEvents(eventQueryFromParams(url.searchParams));
  const listing: EventListing = { ...page, spooled: options.spooledEvents() };
  sendJson(response, 200, listing);
}

/**
 * POST <hook path>: Claude Code's `"type": "http"` hook. The answer is what the command hook prints:
 * a JSON object, or an empty 200 when there is nothing to say (https://code.claude.com/docs/en/hooks,
 * "HTTP hooks": a 2xx with an empty body is success, a JSON body is read like stdout).
 */
async function answerHook(
  handleHook: HookHandler,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const stdout = (await handleHook(request)).trim();
  if (stdout === '') {
    response.writeHead(200, { 'content-length': 0 });
    response.end();
    return;
  }
  response.writeHead(200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(stdout),
  });
  response.end(stdout);
}

/** The server's requests: guard first, then its own routes, then the dashboard's. */
export function createServerRoutes(
  options: ServerRoutesOptions,
): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return async (request, response) => {
    const refusal = options.guard(request);
    if (refusal) return sendError(response, refusal.status, 'REQUEST_REFUSED', refusal.message);
    const url = new URL(request.url ?? '/', 'http://tier1');
    const path = url.pathname;
    try {
      if (path === '/health' && request.method === 'GET') return sendJson(response, 200, options.health());
      if (path === '/events' && request.method === 'POST') {
        return await storeEvents(options, await readBody(request, maxBodyBytes), response);
      }
      if (path === '/events' && request.method === 'GET') return await listEvents(options, url, response);
      if (path === options.hook?.path && request.method === 'POST') {
        return await answerHook(options.hook.handle, request, response);
      }
      if (options.dashboard && (await options.dashboard(request, response))) return;
      sendError(response, 404, 'NOT_FOUND', `${request.method} ${path} is not a route of tier1 serve`);
    } catch (error) {
      if (response.headersSent) {
        response.destroy(error as Error);
      } else if (error instanceof BodyTooLarge) {
        sendError(response, 413, 'INVALID_INPUT', error.message);
      } else if (Tier1Error.isInstance(error)) {
        sendTier1Error(response, error);
      } else {
        sendError(response, 500, 'INTERNAL', (error as Error).message);
      }
    }
  };
}
