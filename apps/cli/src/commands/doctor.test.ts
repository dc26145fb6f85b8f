import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventUid } from '@tier1/core';
import { fallbackSpoolDirectory } from '@tier1/events';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCliForTest, TEST_REDIS_URL } from '../test-cli';

let project: string;
let home: string;
// One embedded store for the whole file: creating a PGlite database is the slow part.
let tier1Home: string;

beforeAll(async () => {
  tier1Home = mkdtempSync(join(tmpdir(), 'tier1-doctor-store-'));
  await runCliForTest(['db', 'migrate'], { cwd: tier1Home, env: { TIER1_HOME: tier1Home } });
});
afterAll(() => rmSync(tier1Home, { recursive: true, force: true }));
beforeEach(() => {
  project = mkdtempSync(join(tmpdir(), 'tier1-doctor-'));
  home = mkdtempSync(join(tmpdir(), 'tier1-doctor-home-'));
});
afterEach(() => {
  rmSync(project, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

function doctor(env: Record<string, string> = {}) {
  return runCliForTest(['doctor', '--json'], {
    cwd: project,
    env: { HOME: home, TIER1_HOME: tier1Home, ...env },
  });
}

function finding(stdout: string, name: string) {
  const report = JSON.parse(stdout) as {
    findings: { name: string; verdict: string; detail: string; fix?: string }[];
  };
  return report.findings.find((item) => item.name === name);
}

describe('tier1 doctor', () => {
  it('finds events in the fallback spool and says how to drain them', async () => {
    const fallback = fallbackSpoolDirectory(join(tier1Home, 'spool'));
    mkdirSync(fallback, { recursive: true });
    writeFileSync(join(fallback, `${createEventUid()}.jsonl`), '');
    try {
      const run = await doctor();
      expect(finding(run.stdout, 'spool')).toMatchObject({
        verdict: 'warn',
        detail: expect.stringContaining(`1 segment(s) in the fallback spool ${fallback}`),
        fix: expect.stringContaining('tier1 events drain'),
      });
    } finally {
      rmSync(fallback, { recursive: true, force: true });
    }
  });

  it('passes on the embedded store and says what is not configured', async () => {
    const run = await doctor();
    expect(run.code).toBe(0);
    expect(finding(run.stdout, 'event store')?.verdict).toBe('ok');
    expect(finding(run.stdout, 'redis')?.verdict).toBe('skip');
    expect(finding(run.stdout, 'n8n api')?.verdict).toBe('skip');
    expect(finding(run.stdout, 'claude hooks')).toMatchObject({
      verdict: 'warn',
      fix: expect.stringContaining('tier1 hooks install'),
    });
  });

  it('pings the real Redis when REDIS_URL is set', async () => {
    const run = await doctor({ REDIS_URL: TEST_REDIS_URL });
    expect(finding(run.stdout, 'redis')).toMatchObject({
      verdict: 'ok',
      detail: expect.stringContaining('answered PING'),
    });
  });

  it('fails with the fix when Redis is unreachable', async () => {
    const run = await doctor({ REDIS_URL: 'redis://127.0.0.1:1' });
    expect(run.code).toBe(1);
    expect(finding(run.stdout, 'redis')).toMatchObject({
      verdict: 'fail',
      fix: expect.stringContaining('REDIS_URL'),
    });
  });

  it('finds tier1-hook in the project settings once installed', async () => {
    const install = await runCliForTest(['hooks', 'install', '--absolute'], {
      cwd: project,
      env: { HOME: home },
    });
    expect(install.code).toBe(0);
    const run = await doctor();
    expect(finding(run.stdout, 'claude hooks')?.verdict).toBe('ok');
  });

  it('reports switched-off components', async () => {
    const run = await doctor({ ACTION_ITEM_TRACKING_ENABLED: 'false' });
    expect(finding(run.stdout, 'switches')).toMatchObject({
      verdict: 'warn',
      detail: expect.stringContaining('ACTION_ITEM_TRACKING_ENABLED'),
    });
  });

  it('exits 2 naming the variable when the configuration is invalid', async () => {
    const run = await doctor({ DATABASE_URL: 'mysql://db/x' });
    expect(run.code).toBe(2);
    expect(finding(run.stdout, 'configuration')).toMatchObject({
      verdict: 'fail',
      detail: expect.stringContaining('DATABASE_URL'),
    });
  });

  it('says what is unreadable in a Claude settings file', async () => {
    mkdirSync(join(project, '.claude'));
    writeFileSync(join(project, '.claude', 'settings.json'), '{ not json');
    const run = await doctor();
    expect(finding(run.stdout, 'claude hooks')).toMatchObject({
      verdict: 'fail',
      detail: expect.stringContaining('settings.json'),
    });
  });

  it("reports the project's tier1.keywords.json: none, what it adds, or what is wrong and the fix", async () => {
    expect(finding((await doctor()).stdout, 'keywords')).toMatchObject({
      verdict: 'skip',
      detail: 'no tier1.keywords.json: the hook uses the built-in keywords',
    });

    const file = join(project, 'tier1.keywords.json');
    writeFileSync(
      file,
      JSON.stringify({
        categories: {
          migration: { baseConfidence: 85, keywords: ['migrated', 'schema updated'] },
          deployment: { keywords: ['shipped'] },
        },
      }),
    );
    const valid = await doctor();
    expect(valid.code).toBe(0);
    expect(finding(valid.stdout, 'keywords')).toMatchObject({
      verdict: 'ok',
      detail:
        'tier1.keywords.json: 1 new category (migration), 1 built-in category changed (deployment), 3 keywords of its own',
    });

    writeFileSync(file, JSON.stringify({ categories: { migration: { keywords: ['migrated'] } } }));
    const invalid = await doctor();
    expect(invalid.code).toBe(1);
    expect(finding(invalid.stdout, 'keywords')).toEqual({
      name: 'keywords',
      verdict: 'fail',
      detail: `invalid keyword detector options in ${file}: categories.migration.baseConfidence: is required for a new category; until it is fixed the hook uses the built-in keywords`,
      fix: 'give a number from 0 to 100, e.g. 85',
    });
  });

  it("reports the project's tier1.guardrails.json: none, the modes it sets, or what is wrong and the fix", async () => {
    expect(finding((await doctor()).stdout, 'guardrails')).toMatchObject({
      verdict: 'skip',
      detail: expect.stringContaining('no tier1.guardrails.json: the guardrails run with their defaults'),
    });

    const file = join(project, 'tier1.guardrails.json');
    writeFileSync(
      file,
      JSON.stringify({
        claims: { mode: 'block' },
        deployGate: { mode: 'ask', protectedBranches: ['main'], patterns: { remove: ['docker-push'] } },
      }),
    );
    const valid = await doctor();
    expect(valid.code).toBe(0);
    expect(finding(valid.stdout, 'guardrails')).toMatchObject({
      verdict: 'ok',
      detail:
        'tier1.guardrails.json: claim check block, deploy gate ask (9 ship patterns, branches main), secret gate deny',
    });

    writeFileSync(file, JSON.stringify({ secretGate: { mode: 'warn' } }));
    const invalid = await doctor();
    expect(invalid.code).toBe(1);
    expect(finding(invalid.stdout, 'guardrails')).toEqual({
      name: 'guardrails',
      verdict: 'fail',
      detail: `${file}: secretGate.mode: must be deny, ask, off; until it is fixed the guardrails run with their defaults`,
      fix: 'set it like "mode": "deny"',
    });

    writeFileSync(file, '{ not json');
    expect(finding((await doctor()).stdout, 'guardrails')).toMatchObject({
      verdict: 'fail',
      detail: expect.stringContaining(`${file}: is not valid JSON`),
    });
  });

  it('prints a readable report without --json', async () => {
    const run = await runCliForTest(['doctor'], { cwd: project, env: { HOME: home, TIER1_HOME: tier1Home } });
    expect(run.stdout).toMatch(/✓ node\s+Node \d+/);
    expect(run.stdout).toContain('fix: run tier1 hooks install');
  });
});
