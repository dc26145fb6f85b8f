import { createHash } from 'node:crypto';
import { ValidationError } from '@tier1/core';
import type { MonitorResult } from './monitor-result';

// Safe as a BullMQ jobId (no ':'; docs/n8n-recovery.md, "Exactly once"), as an HTTP
// header value and as an environment variable's value.
const KEY_PATTERN = /^[A-Za-z0-9._~-]{1,200}$/;

/** JSON with object keys sorted, so the same params always hash the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function hashParams(params: unknown): string {
  return createHash('sha256').update(canonicalJson(params)).digest('hex').slice(0, 16);
}

function keySafe(text: string): string {
  return text.replace(/[^A-Za-z0-9._~-]/g, '_');
}

/**
 * The one key every tier gets for one recovery: the n8n execution id when n8n confirmed the run
 * (so the hook and `tier1 n8n watch` recovering the same run agree), otherwise the monitor id of
 * the registered run and a hash of the params.
 */
export function deriveIdempotencyKey(
  monitorResult: MonitorResult,
  taskName: string,
  params: unknown,
): string {
  const run = monitorResult.executionId
    ? `exec-${monitorResult.executionId}`
    : `run-${monitorResult.monitorId || monitorResult.taskId}-${hashParams(params)}`;
  return `${keySafe(taskName)}.${keySafe(run)}`.slice(0, 200);
}

/** Checks a caller's own key; returns it unchanged. */
export function assertIdempotencyKey(key: string): string {
  if (!KEY_PATTERN.test(key) || /^\d+$/.test(key)) {
    throw new ValidationError(
      'idempotencyKey',
      `"${key.slice(0, 60)}" is not a usable key`,
      'use 1 to 200 of A-Z a-z 0-9 . _ ~ - with at least one non-digit, e.g. "process_video.order-42"',
    );
  }
  return key;
}
