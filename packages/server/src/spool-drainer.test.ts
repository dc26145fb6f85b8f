import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AutomationEventInput, type AutomationHub, EventSpool, openAutomationHub } from '@tier1/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSpoolDrainer } from './spool-drainer';

let hub: AutomationHub;
const directory = mkdtempSync(join(tmpdir(), 'tier1-drainer-'));
beforeAll(async () => {
  hub = await openAutomationHub({ dataDir: 'memory://' });
});
afterAll(async () => {
  await hub.close();
  rmSync(directory, { recursive: true, force: true });
});

function event(sessionId: string): AutomationEventInput {
  return {
    eventType: 'session_started',
    projectId: 'drainer',
    status: 'success',
    detectedFrom: 'hook',
    sessionId,
    evidence: { hook_event_name: 'SessionStart' },
  };
}

async function stored(sessionId: string): Promise<number> {
  return (await hub.getEvents({ sessionId })).events.length;
}

describe('startSpoolDrainer', () => {
  it('stores what a writer process sealed within a second, without a poll, and once', async () => {
    const spool = new EventSpool(join(directory, 'spool'));
    const drained: number[] = [];
    const drainer = startSpoolDrainer({
      spool,
      target: hub,
      pollIntervalMs: 60_000,
      onDrained: (report) => drained.push(report.stored),
    });
    try {
      // Another process appends and exits, as a hook does (its exit seals the segment).
      const script = `import('@tier1/events').then(({ EventSpool }) => EventSpool.appendOnce(${JSON.stringify(spool.directory)}, ${JSON.stringify(event('d1'))}))`;
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
        stdio: 'inherit',
      });
      await new Promise((resolve) => child.on('exit', resolve));
      const sealedAt = Date.now();
      while ((await stored('d1')) === 0 && Date.now() - sealedAt < 1000) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(await stored('d1')).toBe(1);
    } finally {
      await drainer.stop();
    }
    expect(drained.reduce((sum, count) => sum + count, 0)).toBe(1);
    expect(readdirSync(spool.directory).filter((name) => name.endsWith('.jsonl'))).toEqual([]);
  });

  it('drains what was sealed before it stops', async () => {
    const spool = new EventSpool(join(directory, 'spool-stop'));
    const drainer = startSpoolDrainer({ spool, target: hub, pollIntervalMs: 60_000 });
    const writer = new EventSpool(spool.directory);
    for (let index = 0; index < 20; index++) await writer.append(event('d2'));
    writer.close();
    await drainer.stop();
    expect(await stored('d2')).toBe(20);
  });
});
