import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ProductionCheckState,
  readProductionCheckState,
  writeProductionCheckState,
} from '@tier1/production-checker';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitRepo } from '../test/git-repo';
import { checkDeployGate, gitFactsIn } from './deploy-gate';
import { defaultGuardrailConfig } from './guardrail-config';

describe('checkDeployGate (a real git repository and state file)', () => {
  let repo: ReturnType<typeof createGitRepo>;
  let home: string;
  beforeEach(() => {
    repo = createGitRepo();
    home = mkdtempSync(join(tmpdir(), 'tier1-gate-home-'));
  });
  afterEach(() => {
    repo.remove();
    rmSync(home, { recursive: true, force: true });
  });

  const check = (overrides: Partial<ProductionCheckState>) =>
    writeProductionCheckState(home, {
      version: 1,
      projectId: 'demo',
      root: repo.dir,
      decision: 'go',
      failedChecks: [],
      advisoryFailures: [],
      checkedAt: '2026-12-01T12:00:00.000Z',
      commit: repo.git('rev-parse', 'HEAD'),
      eventUid: 'evt_check',
      ...overrides,
    });
  const gate = (command: string, mode: 'deny' | 'ask' = 'deny') =>
    checkDeployGate(
      'Bash',
      { command },
      { ...defaultGuardrailConfig().deployGate, mode },
      () => readProductionCheckState(home, 'demo'),
      gitFactsIn(repo.dir),
    );

  it('passes a push of the commit a GO check was run on, silently', () => {
    check({ decision: 'go' });
    expect(gate('git push origin main')).toBeUndefined();
    check({ decision: 'warning', advisoryFailures: ['performance'] });
    expect(gate('git push')).toBeUndefined();
  });

  it('denies a push after a NO-GO, naming the failed checks and /production-check', () => {
    check({ decision: 'no_go', failedChecks: ['tests', 'security'] });
    const verdict = gate('git push origin main');
    expect(verdict?.decision).toBe('deny');
    expect(verdict?.reason).toContain('is NO-GO: failed checks: tests, security');
    expect(verdict?.reason).toContain('/production-check');
    expect(verdict?.evidence).toMatchObject({
      pattern: 'git-push',
      branch: 'main',
      check_event_uid: 'evt_check',
    });
  });

  it('denies shipping a commit newer than the check, naming both commits', () => {
    const checked = repo.git('rev-parse', 'HEAD');
    check({ decision: 'go' });
    const shipped = repo.commit('app.ts', 'export const x = 1;\n');
    const verdict = gate('npm publish');
    expect(verdict?.reason).toContain(
      `commit ${checked.slice(0, 7)}) is older than the commit being shipped (${shipped.slice(0, 7)})`,
    );
  });

  it('denies when no check was ever run, or its file is damaged; asks when configured to', () => {
    expect(gate('vercel --prod')?.reason).toContain('no production check has been run for this project');
    expect(gate('vercel --prod', 'ask')?.decision).toBe('ask');
  });

  it('leaves commands that do not ship alone, and off means off', () => {
    expect(gate('git push origin feature/x')).toBeUndefined();
    expect(gate('pnpm test')).toBeUndefined();
    expect(
      checkDeployGate(
        'Bash',
        { command: 'git push origin main' },
        { ...defaultGuardrailConfig().deployGate, mode: 'off' },
        () => {
          throw new Error('not read when off');
        },
        gitFactsIn(repo.dir),
      ),
    ).toBeUndefined();
  });
});
