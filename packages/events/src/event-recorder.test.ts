import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { acquireFileLock, loadConfig, type Tier1Config, ValidationError } from '@tier1/core';
import { useTempDirectories } from '@tier1/core/testing';
import { randomChars } from '@tier1/secrets/testing';
import { describe, expect, it } from 'vitest';
import { useMemoryHub } from '../test/support/memory-hub';
import type { AutomationEventInput } from './automation-event';
import { createEventRecorder, createSpoolRecorder } from './event-recorder';
import { openAutomationHubFromConfig } from './open-automation-hub';
import { EventSpool } from './spool';

const tempDirectory = useTempDirectories('tier1-recorder-');
const store = useMemoryHub();

function configFor(env: Record<string, string> = {}): Tier1Config {
  return loadConfig({ cwd: tempDirectory(), env, envFile: false });
}

/** A port on 127.0.0.1 that nothing listens on: taken from the OS, then let go. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function started(sessionId: string): AutomationEventInput {
  return {
    eventType: 'session_started',
    projectId: 'recorder-test',
    status: 'success',
    evidence: { hook_event_name: 'SessionStart' },
    detectedFrom: 'hook',
    sessionId,
  };
}

function spooledLines(config: Tier1Config): string[] {
  const directory = join(config.home, 'spool');
  return readdirSync(directory)
    .filter((name) => name.includes('.jsonl'))
    .flatMap((name) => readFileSync(join(directory, name), 'utf8').trim().split('\n'));
}

describe('createEventRecorder', () => {
  it('stores in the store when it is reachable', async () => {
    const config = configFor();
    const recorder = createEventRecorder(config, { openHub: async () => store() });
    const { event, destination } = await recorder.record(started('r1'));
    expect(destination).toBe('store');
    expect((await store().getEvent(event.uid))?.sessionId).toBe('r1');
    expect(existsSync(join(config.home, 'spool'))).toBe(false);
  });

  it('spools, with a warning, when PostgreSQL is unreachable, and the drain stores the event later', async () => {
    const config = configFor({ DATABASE_URL: `postgres://postgres@127.0.0.1:${await closedPort()}/tier1` });
    const warnings: string[] = [];
    const recorder = createEventRecorder(config, {
      openHub: (current) => openAutomationHubFromConfig(current),
      onWarning: (message) => warnings.push(message),
    });
    const first = await recorder.record(started('r2'));
    const second = await recorder.record(started('r2'));
    await recorder.close();

    expect([first.destination, second.destination]).toEqual(['spool', 'spool']);
    expect(warnings[0]).toContain('STORE_UNAVAILABLE');
    expect(warnings[0]).toContain('tier1 events drain');
    expect(spooledLines(config).map((line) => JSON.parse(line).uid)).toEqual([
      first.event.uid,
      second.event.uid,
    ]);

    const report = await new EventSpool(join(config.home, 'spool')).drain(store());
    expect(report.stored).toBe(2);
    expect((await store().getEvents({ sessionId: 'r2' })).events).toHaveLength(2);
  });

  it('spools when another process holds the embedded store, naming the holder', async () => {
    const config = configFor({ TIER1_LOCK_TIMEOUT_MS: '100' });
    const lock = await acquireFileLock(join(config.home, 'db.lock'), {
      timeoutMs: 100,
      purpose: 'a long tier1 events export',
    });
    try {
      const warnings: string[] = [];
      const recorder = createEventRecorder(config, {
        openHub: (current) => openAutomationHubFromConfig(current),
        onWarning: (message) => warnings.push(message),
      });
      const result = await recorder.record(started('r3'));
      await recorder.close();
      expect(result.destination).toBe('spool');
      expect(result.warning).toContain('STORE_LOCKED');
      expect(result.warning).toContain('a long tier1 events export');
      expect(spooledLines(config)).toHaveLength(1);
    } finally {
      lock.release();
    }
  });

  it("redacts with the rules of the project's .gitleaks.toml, its allowlists aside", async () => {
    const config = configFor();
    writeFileSync(
      join(config.projectDir, '.gitleaks.toml'),
      `[[rules]]\nid = "acme-token"\nregex = '''acme_[a-z0-9]{32}'''\n[allowlist]\nregexes = ['''acme_''']\n`,
    );
    const token = `acme_${randomChars('recorder acme', 32, 'abcdefghijklmnopqrstuvwxyz0123456789')}`;
    const recorder = createEventRecorder(config, { openHub: async () => store() });
    const { event } = await recorder.record({ ...started('r-rules'), metadata: { note: `rotate ${token}` } });
    const stored = await store().getEvent(event.uid);
    expect(stored?.metadata).toEqual({ note: 'rotate [REDACTED:acme-token]' });
  });

  it('throws a ValidationError for a bad event instead of spooling it', async () => {
    const config = configFor();
    const recorder = createEventRecorder(config, { openHub: async () => store() });
    await expect(
      recorder.record({ ...started('r4'), detectedFrom: 'nowhere' as 'hook' }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(existsSync(join(config.home, 'spool'))).toBe(false);
  });
});

describe('createSpoolRecorder', () => {
  it('only spools and never opens a store', async () => {
    const config = configFor();
    const recorder = createSpoolRecorder(config);
    const { event, destination } = await recorder.record(started('r5'));
    await recorder.close();
    expect(destination).toBe('spool');
    expect(spooledLines(config).map((line) => JSON.parse(line).uid)).toEqual([event.uid]);
    expect(readdirSync(config.home).sort()).toEqual(['.gitignore', 'spool']);
  });
});
