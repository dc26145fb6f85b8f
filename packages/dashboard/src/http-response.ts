import type { ServerResponse } from 'node:http';
import { Tier1Error } from '@tier1/core';
import { DashboardRequestError } from './dashboard-request-error';

/**
 * Sends JSON with the time the handler spent as `Server-Timing: app;dur=…` (milliseconds), which
 * the browser's devtools show and the benchmark reads.
 */
export function sendJson(response: ServerResponse, status: number, body: unknown, startedAt: number): void {
  const payload = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'server-timing': `app;dur=${(performance.now() - startedAt).toFixed(2)}`,
  });
  response.end(payload);
}

const STATUS_OF_CODE: Record<string, number> = {
  INVALID_INPUT: 400,
  EVENT_NOT_FOUND: 404,
  STORE_UNAVAILABLE: 503,
  STORE_LOCKED: 503,
  STORE_NOT_MIGRATED: 503,
};

/**
 * A Tier1Error becomes its message and hint with a fitting status (a bad query 400, an unknown
 * event 404, a store that cannot answer 503); anything else is a 500 that names no internals.
 */
export function sendError(response: ServerResponse, error: unknown, startedAt: number): void {
  if (Tier1Error.isInstance(error)) {
    const status = DashboardRequestError.isInstance(error)
      ? error.status
      : (STATUS_OF_CODE[error.code] ?? 500);
    sendJson(
      response,
      status,
      { error: { code: error.code, message: error.message, hint: error.hint ?? null } },
      startedAt,
    );
    return;
  }
  sendJson(
    response,
    500,
    {
      error: {
        code: 'INTERNAL',
        message: 'the dashboard failed to answer this request',
        hint: 'see the server log',
      },
    },
    startedAt,
  );
}
