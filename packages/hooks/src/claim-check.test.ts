import { describe, expect, it } from 'vitest';
import type { ActionItem } from './action-item';
import { describeContradictions, judgeClaims } from './claim-check';
import type { Claim } from './claims';
import type { EvidenceEntry, SessionEvidence } from './session-evidence';

const entry = (
  kind: EvidenceEntry['kind'],
  outcome: EvidenceEntry['outcome'],
  uid: string,
): EvidenceEntry => ({
  kind,
  outcome,
  command: kind === 'commit' ? 'git commit -m x' : 'pnpm test',
  summary: outcome === 'failed' ? 'vitest summary: 11 passed, 1 failed' : '',
  hookEventName: outcome === 'failed' ? 'PostToolUseFailure' : 'PostToolUse',
  toolUseId: null,
  eventUid: uid,
  promptId: null,
  at: '2026-12-01T12:00:00Z',
});
const claim = (kind: Claim['kind']): Claim => ({ kind, sentence: `claim of ${kind}` });
const none: SessionEvidence = { latest: {}, lastPassed: {} };
const item = (
  id: string,
  status: ActionItem['status'],
  source: ActionItem['source'] = 'task',
): ActionItem => ({
  id,
  content: id,
  status,
  source,
  updatedAt: '',
});

describe('judgeClaims', () => {
  it('holds a state claim to the latest run', () => {
    const failed = {
      latest: { tests: entry('tests', 'failed', 'e2') },
      lastPassed: { tests: entry('tests', 'passed', 'e1') },
    };
    expect(judgeClaims([claim('tests')], failed, [])[0]).toMatchObject({
      verdict: 'contradicted',
      eventIds: ['e2'],
    });
    const passed = { latest: { tests: entry('tests', 'passed', 'e3') }, lastPassed: {} };
    expect(judgeClaims([claim('tests')], passed, [])[0]).toMatchObject({
      verdict: 'verified',
      eventIds: ['e3'],
    });
    const unclear = { latest: { tests: entry('tests', 'unknown', 'e4') }, lastPassed: {} };
    expect(judgeClaims([claim('tests')], unclear, [])[0]?.verdict).toBe('unverified');
    expect(judgeClaims([claim('build')], none, [])[0]?.verdict).toBe('unverified');
  });

  it('holds an action claim to any success, and a commit or push that never ran contradicts it', () => {
    const committedBefore = {
      latest: { commit: entry('commit', 'failed', 'e2') },
      lastPassed: { commit: entry('commit', 'passed', 'e1') },
    };
    expect(judgeClaims([claim('commit')], committedBefore, [])[0]).toMatchObject({
      verdict: 'verified',
      eventIds: ['e1'],
    });
    expect(judgeClaims([claim('commit')], none, [])[0]).toMatchObject({
      verdict: 'contradicted',
      evidence: 'no git commit ran in this session',
    });
    expect(judgeClaims([claim('push')], none, [])[0]?.verdict).toBe('contradicted');
    expect(judgeClaims([claim('deploy')], none, [])[0]?.verdict).toBe('unverified');
  });

  it('holds "done" to the agent’s own list, else to the prompt item and the failing checks', () => {
    const open = judgeClaims([claim('done')], none, [
      item('task-1', 'completed'),
      item('task-2', 'in_progress'),
    ])[0];
    expect(open).toMatchObject({ verdict: 'contradicted', itemIds: ['task-2'] });
    expect(open?.evidence).toContain('1 of 2 action item(s) are still open: "task-2" (in_progress)');
    expect(judgeClaims([claim('done')], none, [item('task-1', 'completed')])[0]?.verdict).toBe('verified');
    const failing = { latest: { build: entry('build', 'failed', 'e9') }, lastPassed: {} };
    expect(
      judgeClaims([claim('done')], failing, [item('prompt-1', 'in_progress', 'prompt')])[0],
    ).toMatchObject({
      verdict: 'contradicted',
      eventIds: ['e9'],
      itemIds: ['prompt-1'],
    });
    expect(judgeClaims([claim('done')], none, [])[0]?.verdict).toBe('unverified');
  });

  it('describes only the contradictions', () => {
    const text = describeContradictions(judgeClaims([claim('commit'), claim('deploy')], none, []));
    expect(text).toContain('"claim of commit": no git commit ran in this session');
    expect(text).not.toContain('deploy');
  });
});
