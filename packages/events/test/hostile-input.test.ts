// Hostile input through the library and through the spool, on both backends (issue 10): NUL bytes,
// lone surrogates, over-long ids, deep nesting, secrets of every common kind, and an event the store
// itself refuses. Afterwards every event is stored, no secret is in the clear, no drain is blocked.
import { readdirSync, readFileSync, rmSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { useTempDirectories } from '@tier1/core/testing';
import { secretSamples } from '@tier1/secrets/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AutomationEventInput } from '../src/automation-event';
import type { AutomationHub } from '../src/automation-hub';
import type { StoreConnection } from '../src/db/connection';
import { openAutomationHub } from '../src/open-automation-hub';
import { CUT_TOO_DEEP } from '../src/sanitize';
import { EventSpool } from '../src/spool';
import { freshPgliteDirectory, POSTGRES_REQUIRED, STORE_BACKENDS, storeBackend } from './store-backends';

const tempDirectory = useTempDirectories('tier1-hostile-');
const CONFIGURED = 'n8n-api-key-4b7e1f9a2c';

function hookEvent(
  sessionId: string,
  evidence: Record<string, unknown>,
  metadata: Record<string, unknown> = {},
) {
  return {
    eventType: 'no_action_taken',
    projectId: 'hostile',
    status: 'skipped',
    evidence: { tool_name: 'Bash', ...evidence },
    detectedFrom: 'hook',
    metadata: { hook_type: 'PostToolUse', ...metadata },
    sessionId,
  } satisfies AutomationEventInput;
}

/** Every stored row as its raw text, as `tier1 events export` and an auditor would read it. */
async function storedText(connection: StoreConnection, sessionPrefix: string): Promise<string> {
  const { rows } = await connection.execute<{ row: string }>(
    `select row_to_json(e)::text as row from automation_events e where session_id like $1`,
    [`${sessionPrefix}%`],
  );
  return rows.map((row) => row.row).join('\n');
}

describe.each(STORE_BACKENDS)('hostile input [%s]', (name) => {
  const backend = storeBackend(name);
  const skip = backend.unavailable !== undefined && !POSTGRES_REQUIRED;
  let hub: AutomationHub;
  let connection: StoreConnection;
  beforeAll(async () => {
    if (skip) return;
    ({ hub, connection } = await backend.openFreshConnection({ secrets: [CONFIGURED] }));
  }, 120_000);
  afterAll(() => backend.cleanup());

  it.skipIf(skip)(
    'stores NUL bytes and lone surrogates in every string, marked, through record and drain',
    async () => {
      const bad = 'out\u0000put \ud800 end \udc00';
      const event = hookEvent(`nul-${bad}`, { context_snippet: bad, [`key${bad}`]: [bad] }, { note: bad });
      const stored = await hub.storeEvent({ ...event, projectId: `p${bad}` });
      expect(stored.evidence.context_snippet).toBe('out\u2400put \ufffd end \ufffd');
      expect(stored.projectId).toBe('p' + 'out\u2400put \ufffd end \ufffd');
      const spool = new EventSpool(join(tempDirectory(), 'spool'));
      await spool.append({ ...event, sessionId: `nul-spooled-${bad}` });
      spool.close();
      const report = await spool.drain(hub);
      expect(report).toMatchObject({ stored: 1, rejected: 0 });
      expect(await storedText(connection, 'nul-')).not.toMatch(/\\u0000|\\ud800|\\udc00/);
    },
  );

  it.skipIf(skip)(
    'keeps an over-long session id (shortened, hashed) and cuts nesting deeper than 64',
    async () => {
      let deep: unknown = 'bottom';
      for (let level = 0; level < 200; level += 1) deep = [deep];
      const stored = await hub.storeEvent(hookEvent(`long-${'s'.repeat(400)}`, { deep }));
      expect(stored.sessionId).toHaveLength(255);
      expect(stored.sessionId).toMatch(/…#[0-9a-f]{32}$/);
      expect(JSON.stringify(stored.evidence)).toContain(CUT_TOO_DEEP);
    },
  );

  it.skipIf(skip)(
    'never stores any of the 17 kinds of secret in the clear, in evidence, metadata or ids',
    async () => {
      const samples = secretSamples(CONFIGURED);
      const spool = new EventSpool(join(tempDirectory(), 'spool'), { secrets: [CONFIGURED] });
      for (const [index, sample] of samples.entries()) {
        const event = hookEvent(
          `secret-${index}`,
          { context_snippet: sample.text, tool_input: { command: sample.text } },
          {
            error: sample.text,
          },
        );
        await hub.storeEvent(event);
        await spool.append({ ...event, sessionId: `secret-spooled-${index}` });
      }
      spool.close();
      expect((await spool.drain(hub)).stored).toBe(samples.length);
      const text = await storedText(connection, 'secret-');
      expect(text.split('\n')).toHaveLength(samples.length * 2);
      for (const sample of samples)
        expect(text, sample.kind).not.toContain(JSON.stringify(sample.secret).slice(1, -1));
      expect(text).toContain('[REDACTED:');
    },
  );

  it.skipIf(skip)(
    'isolates an event the store refuses: the rest of the batch and later drains store',
    async () => {
      // A trigger refusing one marked event with SQLSTATE 22021, as the store does for bytes it cannot hold.
      await connection.execute(`create or replace function refuse_poison() returns trigger language plpgsql as $$
      begin
        if new.evidence ? 'poison' then raise exception 'invalid byte sequence for encoding "UTF8"' using errcode = '22021'; end if;
        return new;
      end $$`);
      await connection.execute(
        'create trigger refuse_poison before insert on automation_events for each row execute function refuse_poison()',
      );
      try {
        const directory = join(tempDirectory(), 'spool');
        const spool = new EventSpool(directory);
        for (let index = 0; index < 5; index += 1)
          await spool.append(hookEvent(`drain-${index}`, index === 2 ? { poison: true } : {}));
        spool.close();
        const first = await spool.drain(hub);
        expect(first).toMatchObject({ stored: 4, rejected: 1, segments: 1 });
        const [rejectedFile] = readdirSync(join(directory, 'rejected'));
        const kept = JSON.parse(readFileSync(join(directory, 'rejected', rejectedFile as string), 'utf8'));
        expect(kept.reason).toContain('SQLSTATE 22021');
        expect(JSON.parse(kept.text).sessionId).toBe('drain-2');
        await spool.append(hookEvent('drain-later', {}));
        spool.close();
        expect(await spool.drain(hub)).toMatchObject({ stored: 1, rejected: 0 });
        await expect(hub.storeEvent(hookEvent('drain-direct', { poison: true }))).rejects.toMatchObject({
          name: 'Tier1Error',
          code: 'STORE_REJECTED_EVENT',
          hint: expect.stringContaining('rejected/'),
        });
      } finally {
        await connection.execute('drop trigger refuse_poison on automation_events');
      }
    },
  );
});

describe('a damaged embedded store [pglite]', () => {
  /** A PGlite store holding events, copied so each test damages its own. */
  async function storeWithEvents(): Promise<string> {
    const directory = await freshPgliteDirectory();
    const hub = await openAutomationHub({ dataDir: directory });
    await hub.storeEvents(Array.from({ length: 20 }, (_, index) => hookEvent(`damaged-${index}`, {})));
    await hub.close();
    return directory;
  }

  it('refuses a data directory whose PG_VERSION was deleted, and never initialises over it', async () => {
    const directory = await storeWithEvents();
    rmSync(join(directory, 'PG_VERSION'));
    const before = readdirSync(directory).sort();
    await expect(openAutomationHub({ dataDir: directory })).rejects.toMatchObject({
      code: 'STORE_DAMAGED',
      message: expect.stringContaining(
        `${directory}, is damaged: the directory is not empty but holds no database`,
      ),
      hint: expect.stringContaining(`mv ${directory} ${directory}.damaged`),
    });
    expect(readdirSync(directory).sort()).toEqual(before);
  });

  it('names the directory, the damage and the way back when its files are truncated', async () => {
    const directory = await storeWithEvents();
    for (const database of readdirSync(join(directory, 'base')))
      for (const file of readdirSync(join(directory, 'base', database)))
        if (/^\d+$/.test(file)) truncateSync(join(directory, 'base', database, file), 100);
    const opened = openAutomationHub({ dataDir: directory }).then(async (hub) => {
      try {
        return await hub.getEvents({});
      } finally {
        await hub.close();
      }
    });
    await expect(opened).rejects.toMatchObject({
      code: 'STORE_DAMAGED',
      message: expect.stringContaining(directory),
      hint: expect.stringMatching(/tier1 events import/),
    });
  }, 120_000);
});
