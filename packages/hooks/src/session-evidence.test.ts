import { appendFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
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

  it('keeps the latest entry of each kind and the latest success, beside the mirror', () => {
    store.record('s/1', [entry('passed', 'e1')]);
    store.record('s/1', [entry('failed', 'e2')]);
    const evidence = store.load('s/1');
    expect(evidence.latest.tests?.eventUid).toBe('e2');
    expect(evidence.lastPassed.tests?.eventUid).toBe('e1');
    expect(store.pathFor('s/1')).toBe(join(home, 'sessions', 's_1.evidence.jsonl'));
  });

  it('keeps every kind a call records', () => {
    store.record(
      's2',
      (['tests', 'build', 'lint', 'typecheck', 'commit'] as const).map((kind) => ({
        ...entry('passed', kind),
        kind,
      })),
    );
    expect(Object.keys(store.load('s2').latest).sort()).toEqual([
      'build',
      'commit',
      'lint',
      'tests',
      'typecheck',
    ]);
  });

  it('skips damaged lines, says how many, and keeps the entries around them', () => {
    store.record('s3', [entry('failed', 'before')]);
    // A line torn by a power loss, then lines that parse but are no entry.
    appendFileSync(store.pathFor('s3'), '{"kind":"tests","outc\u0000');
    appendFileSync(store.pathFor('s3'), '\n{"kind":"__proto__","outcome":"passed"}\n[1]\nnull\n');
    store.record('s3', [entry('passed', 'after')]);
    const evidence = store.load('s3');
    expect(evidence.latest.tests?.eventUid).toBe('after');
    expect(evidence.lastPassed.tests?.eventUid).toBe('after');
    expect(Object.getPrototypeOf(evidence.latest)).toBe(Object.prototype);
    expect(warnings).toEqual([`ignoring 4 unreadable line(s) of session evidence ${store.pathFor('s3')}`]);
  });

  it('reads a session without evidence as none, silently', () => {
    expect(store.load('never')).toEqual({ latest: {}, lastPassed: {} });
    expect(warnings).toEqual([]);
  });

  it('says why it cannot write the evidence, and throws nothing at the hook', () => {
    mkdirSync(store.pathFor('s5'), { recursive: true });
    expect(() => store.record('s5', [entry('passed', 'e5')])).not.toThrow();
    expect(warnings).toEqual([
      expect.stringContaining(`could not record the session's evidence in ${store.pathFor('s5')} (EISDIR`),
    ]);
  });

  it('says why it cannot read an evidence file that is there', () => {
    mkdirSync(store.pathFor('s4'), { recursive: true });
    expect(store.load('s4')).toEqual({ latest: {}, lastPassed: {} });
    expect(warnings[0]).toContain(`ignoring unreadable session evidence ${store.pathFor('s4')}: EISDIR`);
  });
});
