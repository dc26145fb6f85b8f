import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AutomationHub } from '../src/automation-hub';
import { POSTGRES_REQUIRED, STORE_BACKENDS, storeBackend } from './store-backends';

const HOUR = 3_600_000;

describe.each(STORE_BACKENDS)('getHourlyEventCounts [%s]', (name) => {
  const backend = storeBackend(name);
  const skip = backend.unavailable !== undefined && !POSTGRES_REQUIRED;
  let hub: AutomationHub;
  const thisHour = Math.floor(Date.now() / HOUR) * HOUR;

  beforeAll(async () => {
    if (skip) return;
    hub = await backend.openFreshStore();
    const event = (projectId: string, at: number, status = 'failed') => ({
      eventType: 'n8n_recovery_attempted',
      projectId,
      status,
      detectedFrom: 'router' as const,
      evidence: {
        task_id: 't',
        original_failure: '504_gateway_timeout',
        recovery_method: null,
        recovery_duration_seconds: 1,
        attempts: [],
      },
      createdAt: new Date(at),
    });
    await hub.storeEvents([
      event('shop', thisHour + 1),
      event('shop', thisHour + 2, 'success'),
      event('blog', thisHour + 3, 'success'),
      event('shop', thisHour - 2 * HOUR + 5),
      // Outside a 3-hour window.
      event('shop', thisHour - 3 * HOUR),
    ]);
  }, 120_000);
  afterAll(() => backend.cleanup());

  it.skipIf(skip)('counts events and failures per hour, oldest first, skipping empty hours', async () => {
    expect(await hub.getHourlyEventCounts({ hours: 3 })).toEqual([
      { hour: new Date(thisHour - 2 * HOUR), events: 1, failed: 1 },
      { hour: new Date(thisHour), events: 3, failed: 1 },
    ]);
    expect(await hub.getHourlyEventCounts({ hours: 1, projectId: 'blog' })).toEqual([
      { hour: new Date(thisHour), events: 1, failed: 0 },
    ]);
  });

  it.skipIf(skip)('names a window it will not read', async () => {
    await expect(hub.getHourlyEventCounts({ hours: 1000 })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      field: 'hours',
    });
  });
});
