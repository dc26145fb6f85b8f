import { mkdtempSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RegistrationStore } from './hook-registration-store';

const home = mkdtempSync(join(tmpdir(), 'tier1-registrations-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

const registration = (monitorId: string) => ({
  monitorId,
  toolName: 'mcp__n8n__execute_workflow',
  workflowRef: 'kb-indexing',
  inputParams: { ids: [1] },
  startedAt: 1,
  sessionId: 's',
});

describe('RegistrationStore', () => {
  it('keeps a registration until it is taken once, under a file-safe name', () => {
    const store = new RegistrationStore(home);
    store.put(registration('toolu_../../etc/passwd'));
    expect(readdirSync(join(home, 'n8n-monitors'))).toEqual(['toolu_.._.._etc_passwd.json']);
    expect(new RegistrationStore(home).take('toolu_../../etc/passwd')).toEqual(
      registration('toolu_../../etc/passwd'),
    );
    expect(store.take('toolu_../../etc/passwd')).toBeUndefined();
  });

  it('drops registrations older than a day when it writes', () => {
    const store = new RegistrationStore(home);
    store.put(registration('old'));
    const dayAndMore = (Date.now() - 25 * 60 * 60_000) / 1000;
    utimesSync(join(home, 'n8n-monitors', 'old.json'), dayAndMore, dayAndMore);
    store.put(registration('new'));
    expect(readdirSync(join(home, 'n8n-monitors')).sort()).toEqual(['new.json']);
  });
});
