import { Tier1Error } from '@tier1/core';
import { describe, expect, it } from 'vitest';
import { assertIdempotencyKey, deriveIdempotencyKey, hashParams } from './idempotency-key';
import type { MonitorResult } from './monitor-result';

const monitorResult: MonitorResult = {
  failureDetected: true,
  failureType: '504_gateway_timeout',
  monitorId: 'mon-7',
  taskId: 'video-assembly',
  workflowName: 'video-assembly',
  inputParams: { id: 1 },
  statusCode: 504,
  durationSeconds: 15.2,
  reason: 'gateway timeout',
  executionId: null,
  eventId: null,
};

describe('deriveIdempotencyKey', () => {
  it('uses the n8n execution id when n8n confirmed the run', () => {
    expect(deriveIdempotencyKey({ ...monitorResult, executionId: '4321' }, 'process_video', { id: 1 })).toBe(
      'process_video.exec-4321',
    );
  });

  it('otherwise combines the monitor id with a hash of the params', () => {
    const key = deriveIdempotencyKey(monitorResult, 'process_video', { id: 1 });
    expect(key).toBe(`process_video.run-mon-7-${hashParams({ id: 1 })}`);
    expect(deriveIdempotencyKey(monitorResult, 'process_video', { id: 2 })).not.toBe(key);
  });

  it('hashes params independently of key order', () => {
    expect(hashParams({ a: 1, b: { c: [1, 2], d: 'x' } })).toBe(
      hashParams({ b: { d: 'x', c: [1, 2] }, a: 1 }),
    );
    expect(hashParams({ a: 1 })).not.toBe(hashParams({ a: '1' }));
  });

  it('replaces characters a BullMQ job id or header cannot carry', () => {
    const key = deriveIdempotencyKey({ ...monitorResult, executionId: 'a:b c' }, 'task', {});
    expect(key).toBe('task.exec-a_b_c');
    expect(assertIdempotencyKey(key)).toBe(key);
  });
});

describe('assertIdempotencyKey', () => {
  it('rejects keys BullMQ cannot use as a job id, with the fix', () => {
    for (const bad of ['', '42', 'a:b', 'x'.repeat(201), 'with space']) {
      let error: unknown;
      try {
        assertIdempotencyKey(bad);
      } catch (caught) {
        error = caught;
      }
      expect(Tier1Error.isInstance(error) && error.code).toBe('INVALID_INPUT');
    }
  });
});
