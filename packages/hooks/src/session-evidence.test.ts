import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type EvidenceEntry, SessionEvidenceStore } from './session-evidence';
import { SessionMirrorStore } from './session-mirror';

describe('SessionEvidenceStore', () => {
  let home: string;
  const warnings: string[] = [];
  let store: SessionEvidenceStore;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'tier1-evidence-'));
    warnings.length = 0;
    store = new SessionEvidenceStore(new SessionMirrorStore(home, () => {}), (message) =>
      warnings.push(message),
    );
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  const entry = (outcome: EvidenceEntry['outcome'], eventUid: string): EvidenceEntry => ({
    kind: 'tests',
    outcome,
    command: 'pnpm test',
    summary: '',
    hookEventName: 'PostToolUse',
    toolUseId: null,
    eventUid,
    promptId: null,
    at: new Date().toISOString(),
  });

  it('keeps the latest entry of each kind and the latest success, beside the mirror', async () => {
    await store.record('s/1', [entry('passed', 'e1')]);
    await store.record('s/1', [entry('failed', 'e2')]);
    const evidence = store.load('s/1');
    expect(evidence.latest.tests?.eventUid).toBe('e2');
    expect(evidence.lastPassed.tests?.eventUid).toBe('e1');
    expect(store.pathFor('s/1')).toBe(join(home, 'sessions', 's_1.evidence.json'));
  });

  it('records from parallel hook calls without losing one', async () => {
    await Promise.all(
      (['tests', 'build', 'lint', 'typecheck', 'commit'] as const).map((kind) =>
        store.record('s2', [{ ...entry('passed', kind), kind }]),
      ),
    );
    expect(Object.keys(store.load('s2').latest).sort()).toEqual([
      'build',
      'commit',
      'lint',
      'tests',
      'typecheck',
    ]);
  });

  it('reads a damaged file as no evidence and says so', () => {
    mkdirSync(join(home, 'sessions'));
    writeFileSync(store.pathFor('s3'), '{"latest": ');
    expect(store.load('s3')).toEqual({ latest: {}, lastPassed: {} });
    expect(warnings[0]).toContain('ignoring unreadable session evidence');
  });
});
