import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { EventSpool, openAutomationHub } from '@tier1/events';
import { readProductionCheckState } from '@tier1/production-checker';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliForTest } from '../test-cli';

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

const README = `# Sample

A sample project for the check command's tests. It has enough text to count as a real README:
what it does, how to install it and how to use it, so that the documentation check passes and
the decision depends only on what each test changes. More words follow to pass the minimum
length the documentation check asks for by default, which is five hundred characters.
A last sentence makes sure of it, whatever the headings below add or take away from the count.

## Install

npm install

## Usage

npm start
`;

const PASSING = `import test from 'node:test';\ntest('works', () => {});\ntest('also works', () => {});\n`;

function project(files: Record<string, string>, git = true): string {
  const parent = mkdtempSync(join(tmpdir(), 'tier1-cli-check-'));
  folders.push(parent);
  const root = join(parent, 'app');
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), content);
  }
  mkdirSync(root, { recursive: true });
  if (git) {
    const run = (...args: string[]) =>
      execFileSync(
        'git',
        ['-c', 'user.name=t', '-c', 'user.email=t@t.invalid', '-c', 'commit.gpgsign=false', ...args],
        { cwd: root },
      );
    run('init', '-q', '-b', 'main');
    run('add', '-A');
    run('commit', '-q', '-m', 'initial');
  }
  return root;
}

function readyFiles(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    'package.json': JSON.stringify({
      name: 'app',
      scripts: { test: 'node --test test/', bench: 'node bench.mjs' },
    }),
    'test/app.test.mjs': PASSING,
    'bench.mjs': "console.log('fast');\n",
    'README.md': README,
    'ROLLBACK.md': '# Rollback\n',
    'tier1.config.json': JSON.stringify({ integration: { command: ['node', '-e', 'process.exit(0)'] } }),
    ...overrides,
  };
}

async function check(args: string[], env: Record<string, string | undefined> = {}) {
  const baseEnv = {
    ...process.env,
    GITHUB_ACTIONS: undefined,
    GITHUB_STEP_SUMMARY: undefined,
    DATABASE_URL: undefined,
  };
  const run = await runCliForTest(['check', ...args], { cwd: tmpdir(), env: { ...baseEnv, ...env } });
  return { code: run.code, out: run.stdout, err: run.stderr };
}

describe('tier1 check', () => {
  it('prints each check as it finishes and exits 0 on GO', async () => {
    const { code, out } = await check([project(readyFiles()), '--no-record']);
    expect(out).toMatch(/✓ tests\s+2 passed \(node:test\)/);
    expect(out).toMatch(/✓ security/);
    expect(out.trimEnd().split('\n').pop()).toMatch(/^GO \(confidence \d+\)$/);
    expect(code).toBe(0);
  });

  it('exits 1 on NO-GO and names the failed test', async () => {
    const root = project(
      readyFiles({
        'test/app.test.mjs': `import test from 'node:test';\ntest('breaks', () => { throw new Error('no'); });\n`,
      }),
    );
    const { code, out } = await check([root, '--no-record']);
    expect(out).toContain('failed: test › breaks');
    expect(out).toMatch(/NO-GO: tests failed/);
    expect(code).toBe(1);
  });

  it('exits 0 on WARNING, and 1 with --fail-on warning', async () => {
    const root = project(
      readyFiles({
        'package.json': JSON.stringify({ name: 'app', scripts: { test: 'node --test test/' } }),
        // Benchmarks required but absent: a warning (without the setting, not applicable).
        'tier1.config.json': JSON.stringify({ performance: { required: true } }),
      }),
    );
    expect((await check([root, '--no-record'])).code).toBe(0);
    const strict = await check([root, '--no-record', '--fail-on', 'warning']);
    expect(strict.out).toMatch(/WARNING: warnings: performance/);
    expect(strict.code).toBe(1);
  });

  it('--fail-on never reports a NO-GO and exits 0', async () => {
    const root = project({ 'package.json': JSON.stringify({ name: 'app' }) });
    const run = await check([root, '--no-record', '--fail-on', 'never']);
    expect(run.out).toMatch(/NO-GO/);
    expect(run.code).toBe(0);
  });

  it('writes JSON, JUnit and markdown reports, and the step summary', async () => {
    const root = project(readyFiles());
    const json = await check([root, '--no-record', '--json']);
    expect(JSON.parse(json.out)).toMatchObject({ decision: 'go', root });

    const junit = await check([root, '--no-record', '--format', 'junit']);
    expect(junit.out).toMatch(/^<\?xml/);
    expect(junit.out.match(/<testcase /g)).toHaveLength(6);

    const textFile = join(dirname(root), 'report.txt');
    const text = await check([root, '--no-record', '--output', textFile]);
    expect(text.out).toBe('');
    expect(text.err).toMatch(/^tier1 check: GO \(confidence \d+\); text report written to /);
    expect(readFileSync(textFile, 'utf8')).toMatch(
      /^tier1 check .*\n\n✓ tests .*\n[\s\S]*\nGO \(confidence \d+\)\n$/,
    );

    const summary = join(dirname(root), 'summary.md');
    writeFileSync(summary, '# earlier step\n');
    const markdown = await check([root, '--no-record', '--format', 'markdown'], {
      GITHUB_STEP_SUMMARY: summary,
    });
    expect(markdown.out).toMatch(/^## ✅ Production check: GO/);
    expect(readFileSync(summary, 'utf8')).toMatch(/^# earlier step\n## ✅ Production check: GO/);
  });

  it('reports a planted secret as SARIF and as a GitHub annotation', async () => {
    const key = ['AK', 'IA', 'Q3EGRT7XLMPN2VWZ'].join('');
    const root = project(readyFiles({ 'src/aws.js': `\nexport const id = "${key}";\n` }));
    const { code, out, err } = await check([root, '--no-record', '--format', 'sarif'], {
      GITHUB_ACTIONS: 'true',
    });
    expect(code).toBe(1);
    const sarif = JSON.parse(out);
    expect(sarif.runs[0].results[0]).toMatchObject({
      ruleId: 'aws-access-key-id',
      locations: [
        { physicalLocation: { artifactLocation: { uri: 'src/aws.js' }, region: { startLine: 2 } } },
      ],
    });
    expect(out).not.toContain(key);
    expect(err).toMatch(/^::error file=src\/aws\.js,line=2,col=\d+,title=tier1%3A aws-access-key-id::/m);
  });

  it('--write-secrets-baseline accepts the secrets there now, keeps what is still there, drops what went', async () => {
    const first = ['AK', 'IA', 'Q3EGRT7XLMPN2VWZ'].join('');
    const second = ['AK', 'IA', 'R7HKWQ2ZLMPN4XTB'].join('');
    const root = project(readyFiles({ 'src/aws.js': `export const id = "${first}";\n` }));
    const baseline = () =>
      (
        JSON.parse(readFileSync(join(root, '.tier1-secrets-baseline.json'), 'utf8')) as {
          findings: { fingerprint: string; rule: string; file: string }[];
        }
      ).findings;

    const written = await check([root, '--write-secrets-baseline']);
    expect(written.code).toBe(0);
    expect(written.out).toContain('accepts 1 finding(s), 1 of them new');
    expect(baseline()).toEqual([expect.objectContaining({ rule: 'aws-access-key-id', file: 'src/aws.js' })]);
    expect(readFileSync(join(root, '.tier1-secrets-baseline.json'), 'utf8')).not.toContain(first);
    const [accepted] = baseline();

    const report = JSON.parse((await check([root, '--no-record', '--json'])).out);
    expect(
      report.checks.find((result: { checkName: string }) => result.checkName === 'security'),
    ).toMatchObject({ passed: true, evidence: expect.objectContaining({ findings_count: 0 }) });

    // The first key goes, another comes: the update keeps neither more nor less than what is there.
    writeFileSync(join(root, 'src/aws.js'), `export const id = "${second}";\n`);
    const updated = await check([root, '--write-secrets-baseline']);
    expect(updated.out).toContain('accepts 1 finding(s), 1 of them new');
    expect(baseline()).toHaveLength(1);
    expect(baseline()[0]?.fingerprint).not.toBe(accepted?.fingerprint);

    const again = await check([root, '--write-secrets-baseline']);
    expect(again.out).toContain('accepts 1 finding(s), 0 of them new');
  });

  it('exits 2 with a clear message and no stack trace for a path that is not a project', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'tier1-cli-empty-'));
    folders.push(empty);
    const { code, err } = await check([empty, '--no-record']);
    expect(code).toBe(2);
    expect(err).toMatch(/is not a project/);
    expect(err).toMatch(/fix: point tier1 check at a project directory/);
    expect(err).not.toMatch(/\n\s+at /);
  });

  it('exits 2 for a configuration that does not parse or does not validate', async () => {
    const broken = await check([
      project(readyFiles({ 'tier1.config.json': '{ "checks": ' }), false),
      '--no-record',
    ]);
    expect(broken.code).toBe(2);
    expect(broken.err).toMatch(/tier1\.config\.json: is not valid JSON/);
    const invalid = await check([
      project(
        readyFiles({ 'tier1.config.json': '{ "checks": { "tests": { "timeoutMs": "soon" } } }' }),
        false,
      ),
      '--no-record',
    ]);
    expect(invalid.code).toBe(2);
    expect(invalid.err).toMatch(/tier1\.config\.json › checks\.tests\.timeoutMs: /);
    expect(invalid.err).not.toMatch(/\n\s+at /);
  });

  it('exits 2 naming the runner and the fix when the test runner is not installed', async () => {
    const root = project(
      readyFiles({ 'package.json': JSON.stringify({ name: 'app', scripts: { test: 'jest --ci' } }) }),
    );
    const { code, err } = await check([root, '--no-record']);
    expect(code).toBe(2);
    expect(err).toMatch(/tier1 check: jest: the test script runs jest, which is not installed/);
    expect(err).toMatch(/fix: install the project's dependencies/);
  });

  // The first open of the embedded store creates and migrates a PGlite database: about 20 s on
  // this shared 2-core machine, hence the long timeout.
  it("records a production_check event with every check's evidence and the decision, never opening the embedded store", {
    timeout: 180_000,
  }, async () => {
    const root = project(readyFiles());
    const home = join(dirname(root), 'tier1-home');
    const { code, err } = await check([root], { TIER1_HOME: home, TIER1_PROJECT_ID: 'check-test' });
    expect(err).toBe('');
    expect(code).toBe(0);
    // Without tier1 serve the event goes to the spool: no PGlite was created for it.
    expect(existsSync(join(home, 'db'))).toBe(false);
    const hub = await openAutomationHub({ dataDir: join(home, 'db') });
    try {
      expect((await new EventSpool(join(home, 'spool')).drain(hub)).stored).toBe(1);
      const { events } = await hub.getEvents({ eventType: 'production_check' });
      expect(events).toHaveLength(1);
      const [event] = events;
      expect(event).toMatchObject({ projectId: 'check-test', status: 'success', detectedFrom: 'skill' });
      expect(event?.evidence).toMatchObject({
        decision: 'go',
        checks: {
          tests: { passed: true, passed_count: 2, failed_count: 0, runner: 'node:test' },
          security: { passed: true, findings_count: 0 },
          rollback_plan: { passed: true },
        },
      });
      expect(Object.keys(event?.evidence.checks ?? {})).toHaveLength(6);
      // The state the hook's deploy gate reads, naming the event (docs/guardrails.md).
      expect(readProductionCheckState(home, 'check-test')).toMatchObject({
        kind: 'found',
        state: { decision: 'go', failedChecks: [], eventUid: event?.uid, root },
      });
    } finally {
      await hub.close();
    }
  });

  it('exits 2 for an unknown format', async () => {
    const { code, err } = await check(['.', '--format', 'yaml']);
    expect(code).toBe(2);
    expect(err).toMatch(/--format: "yaml" is not one of text, json, markdown, sarif, junit/);
  });
});
