import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fakeSecrets } from '@tier1/secrets/testing';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckDefinition } from '../src/check-definition';
import { parseCheckerConfig } from '../src/checker-config';
import { documentationCheck } from '../src/checks/documentation-check';
import { environmentCheck } from '../src/checks/environment-check';
import { gitStateCheck } from '../src/checks/git-state-check';
import { integrationCheck } from '../src/checks/integration-check';
import { migrationsCheck } from '../src/checks/migrations-check';
import { findBenchmarks, performanceCheck } from '../src/checks/performance-check';
import { rollbackCheck } from '../src/checks/rollback-check';
import { securityCheck } from '../src/checks/security-check';
import { smokeCheck } from '../src/checks/smoke-check';
import { ProductionChecker } from '../src/production-checker';
import { createTempProject, gitIn, README, removeTempProjects } from './temp-project';

afterAll(removeTempProjects);

async function runCheck(
  check: CheckDefinition,
  root: string,
  config: unknown = {},
  env: Record<string, string | undefined> = {},
) {
  const checker = new ProductionChecker({ root, config: parseCheckerConfig(config), checks: [check], env });
  const [result] = await checker.runAllChecks();
  if (!result) throw new Error(`${check.name} did not run`);
  return result;
}

describe('security check (real secret scan)', () => {
  it('fails a repository with a planted AWS key and keeps only the redacted value', async () => {
    const key = fakeSecrets.awsAccessKeyId('planted');
    const root = createTempProject(
      { 'package.json': '{}', 'src/config.js': `export const awsKey = '${key}';\n` },
      { git: true },
    );
    const result = await runCheck(securityCheck, root);
    expect(result.passed).toBe(false);
    expect(result.evidence.findings_count).toBe(1);
    const [finding] = result.evidence.findings as {
      file: string;
      line: number;
      rule: string;
      redacted: string;
    }[];
    expect(finding).toMatchObject({ file: 'src/config.js', line: 1, rule: 'aws-access-key-id' });
    expect(JSON.stringify(result)).not.toContain(key);
  });

  it('passes a repository with only placeholders and environment references', async () => {
    const root = createTempProject(
      {
        'package.json': '{}',
        'src/config.js': `export const awsKey = process.env.AWS_ACCESS_KEY_ID;\nexport const password = '\${DB_PASSWORD}';\nconst api_key = 'your-api-key-here';\n`,
        '.env.example': 'AWS_SECRET_ACCESS_KEY=changeme\npassword=<your password>\n',
      },
      { git: true },
    );
    const result = await runCheck(securityCheck, root);
    expect(result.passed).toBe(true);
    expect(result.evidence.findings_count).toBe(0);
  });
  it('passes URL test data with a percent-encoded password (issue 12): data, not a secret', async () => {
    const root = createTempProject(
      {
        'package.json': '{}',
        'test/fixtures/urls.json': JSON.stringify({ url: 'https://u:p@example.org', password: 'pass%5B%7F' }),
      },
      { git: true },
    );
    const result = await runCheck(securityCheck, root);
    expect(result.evidence.findings_count).toBe(0);
  });

  it('says which key matched and, for JSON, how to allow it without a comment; .gitleaks.toml allows it', async () => {
    const password = fakeSecrets.password('json');
    const files = {
      'package.json': '{}',
      'config/app.json': JSON.stringify({ db: { DB_PASSWORD: password } }),
    };
    const failing = await runCheck(securityCheck, createTempProject(files, { git: true }));
    expect(failing.passed).toBe(false);
    expect(failing.details).toContain('secret-assignment (key DB_PASSWORD) in config/app.json:1');
    expect(failing.evidence.fix).toMatch(/--write-secrets-baseline.*\.gitleaks\.toml/);
    const gitleaks = "[allowlist]\npaths = ['''^config/app\\.json$''']\n";
    const allowed = await runCheck(
      securityCheck,
      createTempProject({ ...files, '.gitleaks.toml': gitleaks }, { git: true }),
    );
    expect(allowed.passed).toBe(true);
    expect(allowed.evidence.allowed_count).toBe(1);
  });
});

describe('documentation check', () => {
  it('passes a substantial README with install and usage sections, counting docs/', async () => {
    const root = createTempProject({
      'README.md': README,
      'docs/guide.md': '# Guide\n',
      'IMPLEMENTATION_SUMMARY.md': '# Summary\n',
    });
    const result = await runCheck(documentationCheck, root);
    expect(result.passed).toBe(true);
    expect(result.evidence).toMatchObject({
      found_documents: ['README.md', 'docs/guide.md', 'IMPLEMENTATION_SUMMARY.md'],
      docs_count: 1,
      implementation_summary: true,
      advice: [],
    });
  });

  it("passes on the architecture's rule (one document found): a short README only gets advice", async () => {
    const short = await runCheck(
      documentationCheck,
      createTempProject({ 'README.md': '# App\n\nIt works.\n' }),
    );
    expect(short.passed).toBe(true);
    expect(short.details).toBe('1 document(s) found: README.md (advice: 3)');
    expect(short.evidence.advice).toEqual([
      expect.stringMatching(/README is \d+ characters/),
      expect.stringMatching(/install section/),
      expect.stringMatching(/usage section/),
    ]);
    // A landing README that links to docs/ keeps its install and usage pages there.
    const landing = await runCheck(
      documentationCheck,
      createTempProject({ 'README.md': '# App\n\nSee docs/.\n', 'docs/install.md': '# Install\n' }),
    );
    expect(landing).toMatchObject({
      passed: true,
      evidence: { found_documents: ['README.md', 'docs/install.md'] },
    });
    const docsOnly = await runCheck(documentationCheck, createTempProject({ 'docs/api.md': '# API\n' }));
    expect(docsOnly.passed).toBe(true);
  });

  it('fails a project without any document, with a fix', async () => {
    const none = await runCheck(documentationCheck, createTempProject({ 'package.json': '{}' }));
    expect(none).toMatchObject({
      passed: false,
      evidence: { fix: expect.stringMatching(/add a README\.md/) },
    });
  });
});

describe('performance check (advisory)', () => {
  it('runs the bench script and passes on exit 0', async () => {
    const root = createTempProject({
      'package.json': JSON.stringify({ scripts: { bench: 'node bench.mjs' } }),
      'bench.mjs': "console.log('ops/s: 1234');\n",
    });
    const result = await runCheck(performanceCheck, root);
    expect(result).toMatchObject({ passed: true, severity: 'advisory' });
    expect(result.evidence.output_tail).toContain('ops/s: 1234');
  });

  it('is not applicable without benchmarks, and a warning with a fix when the project requires them', async () => {
    const root = createTempProject({ 'package.json': '{}' });
    expect(await runCheck(performanceCheck, root)).toMatchObject({ passed: true, notApplicable: true });
    expect(await runCheck(performanceCheck, root, { performance: { required: true } })).toMatchObject({
      passed: false,
      skipped: true,
      severity: 'advisory',
      evidence: { fix: expect.stringMatching(/bench/) },
    });
  });

  it('finds benchmarks where projects keep them', () => {
    const found = (files: Record<string, string>) => findBenchmarks(createTempProject(files))?.source;
    expect(found({ 'benchmark/index.js': '' })).toBe('benchmark/index.js');
    expect(found({ 'package.json': JSON.stringify({ scripts: { 'test:bench': 'node b.js' } }) })).toBe(
      'package.json scripts.test:bench',
    );
    expect(found({ 'package.json': JSON.stringify({ scripts: { perf: 'vitest bench --run' } }) })).toBe(
      'package.json scripts.perf',
    );
    expect(found({ 'package.json': '{}', 'src/sort.bench.ts': '' })).toBeUndefined(); // no vitest installed here
    expect(
      found({
        'src/sort.bench.ts': '',
        'node_modules/vitest/package.json': JSON.stringify({ bin: { vitest: 'vitest.mjs' } }),
      }),
    ).toBe('1 *.bench files (vitest bench)');
  });

  it('fails when the benchmarks fail', async () => {
    const root = createTempProject({ 'bench/run.mjs': 'process.exit(3);\n', 'package.json': '{}' });
    const result = await runCheck(performanceCheck, root);
    expect(result.passed).toBe(false);
    expect(result.evidence.exit_code).toBe(3);
  });
});

describe('integration tests check', () => {
  it('runs *.integration.test.js files with vitest and reads its JSON report', async () => {
    const root = createTempProject(
      {
        'package.json': JSON.stringify({ type: 'module' }),
        'test/api.integration.test.js': `import { it, expect } from 'vitest';\nit('talks to the api', () => expect(1).toBe(1));\n`,
        'test/unit.test.js': `import { it } from 'vitest';\nit('is not run here', () => { throw new Error('unit test ran'); });\n`,
      },
      { vitest: true },
    );
    const result = await runCheck(integrationCheck, root);
    expect(result.passed).toBe(true);
    expect(result.evidence).toMatchObject({
      runner: 'vitest',
      passed_count: 1,
      failed_count: 0,
      total_count: 1,
    });
  });

  it('runs the vitest project named integration, and only that project', async () => {
    const root = createTempProject(
      {
        'package.json': JSON.stringify({ type: 'module' }),
        'vitest.config.mjs': `export default { test: { projects: [
          { test: { name: 'unit', include: ['unit/**/*.test.js'] } },
          { test: { name: 'integration', include: ['it/**/*.test.js'] } },
        ] } };\n`,
        'it/db.test.js': `import { it, expect } from 'vitest';\nit('one', () => expect(1).toBe(1));\nit('two', () => expect(2).toBe(2));\n`,
        'unit/a.test.js': `import { it } from 'vitest';\nit('is not run here', () => { throw new Error('unit test ran'); });\n`,
      },
      { vitest: true },
    );
    const result = await runCheck(integrationCheck, root);
    expect(result).toMatchObject({
      passed: true,
      evidence: {
        runner: 'vitest',
        source: 'vitest.config.mjs project "integration"',
        passed_count: 2,
        total_count: 2,
      },
    });
  });

  it('runs tests/integration_*.py with pytest', async () => {
    const root = createTempProject({
      'tests/integration_db.py': 'def test_db():\n    assert True\n',
      'tests/test_unit.py': 'def test_unit():\n    assert False\n',
    });
    const result = await runCheck(integrationCheck, root);
    expect(result.passed).toBe(true);
    expect(result.evidence).toMatchObject({ runner: 'pytest', passed_count: 1, total_count: 1 });
  });

  it('runs the configured command, judged by its exit code', async () => {
    const root = createTempProject({ 'package.json': '{}' });
    const result = await runCheck(integrationCheck, root, {
      integration: { command: ['node', '-e', 'process.exit(1)'] },
    });
    expect(result.passed).toBe(false);
    expect(result.evidence.exit_code).toBe(1);
  });

  it('is not applicable without integration tests, and a warning when the project requires them', async () => {
    const root = createTempProject({ 'package.json': '{}' });
    expect(await runCheck(integrationCheck, root)).toMatchObject({ passed: true, notApplicable: true });
    expect(await runCheck(integrationCheck, root, { integration: { required: true } })).toMatchObject({
      passed: false,
      skipped: true,
      evidence: { fix: expect.any(String) },
    });
  });
});

describe('rollback plan check', () => {
  it('passes with ROLLBACK.md, or with git tags, and fails with neither', async () => {
    expect(
      (await runCheck(rollbackCheck, createTempProject({ 'ROLLBACK.md': '# Rollback\n' }))).evidence.method,
    ).toBe('rollback_doc');
    const tagged = createTempProject({ 'package.json': '{}' }, { git: true });
    gitIn(tagged, 'tag', 'v1.0.0');
    const withTags = await runCheck(rollbackCheck, tagged);
    expect(withTags).toMatchObject({
      passed: true,
      evidence: { method: 'git_tags', latest_tags: ['v1.0.0'] },
    });
    expect(
      (await runCheck(rollbackCheck, createTempProject({ 'package.json': '{}' }, { git: true }))).passed,
    ).toBe(false);
  });
});

describe('git state check', () => {
  it('fails a dirty tree and a wrong branch, passes a clean tree on the expected branch', async () => {
    const root = createTempProject({ 'package.json': '{}', 'src/a.js': 'export {};\n' }, { git: true });
    expect(await runCheck(gitStateCheck, root, { deployment: { branch: 'main' } })).toMatchObject({
      passed: true,
      evidence: { branch: 'main' },
    });

    writeFileSync(join(root, 'src/a.js'), 'export const changed = true;\n');
    writeFileSync(join(root, 'new.txt'), 'untracked\n');
    mkdirSync(join(root, '.tier1'));
    writeFileSync(join(root, '.tier1/state'), 'tier1 own state is not a change\n');
    const dirty = await runCheck(gitStateCheck, root, { deployment: { clean: true } });
    expect(dirty.passed).toBe(false);
    expect(dirty.evidence.uncommitted_files).toEqual(['new.txt', 'src/a.js']);
    expect(
      (await runCheck(gitStateCheck, root, { deployment: { clean: true, allowUntracked: true } })).evidence
        .uncommitted_files,
    ).toEqual(['src/a.js']);

    const wrongBranch = await runCheck(gitStateCheck, root, {
      deployment: { branch: 'release', clean: false },
    });
    expect(wrongBranch).toMatchObject({ passed: false, details: 'on branch main, expected release' });
  });

  it('runs only when configured', () => {
    expect(gitStateCheck.enabledByDefault(parseCheckerConfig({}))).toBe(false);
    expect(gitStateCheck.enabledByDefault(parseCheckerConfig({ deployment: { branch: 'main' } }))).toBe(true);
  });
});

describe('environment check', () => {
  it('names every key of .env.example that is set neither in the environment nor in .env', async () => {
    const root = createTempProject({
      '.env.example': 'DATABASE_URL=\nAPI_TOKEN=\nPORT=3000\n',
      '.env': 'PORT=8080\n',
      'package.json': '{}',
    });
    const result = await runCheck(
      environmentCheck,
      root,
      { deployment: { envExample: '.env.example' } },
      { DATABASE_URL: 'postgres://x' },
    );
    expect(result).toMatchObject({
      passed: false,
      evidence: { required_count: 3, missing_keys: ['API_TOKEN'] },
    });
    const complete = await runCheck(
      environmentCheck,
      root,
      { deployment: { envExample: '.env.example' } },
      { DATABASE_URL: 'postgres://x', API_TOKEN: 't' },
    );
    expect(complete.passed).toBe(true);
    expect(JSON.stringify(complete.evidence)).not.toContain('postgres://x');
  });
});

describe('smoke check (a real HTTP server in the test)', () => {
  let server: Server;
  let baseUrl: string;
  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === '/health')
        response
          .writeHead(200, { 'content-type': 'application/json' })
          .end('{"status":"ok","version":"1.2.3"}');
      else if (request.url === '/slow') setTimeout(() => response.writeHead(200).end('late'), 3000);
      else if (request.url === '/items' && request.method === 'POST') response.writeHead(201).end('created');
      else response.writeHead(404).end('not found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('passes when every route answers with its status and content', async () => {
    const routes = [
      { path: '/health', contains: '"status":"ok"', matches: '"version":"\\d+\\.\\d+\\.\\d+"' },
      { path: '/items', method: 'POST', status: 201, body: '{}' },
      { path: '/missing', status: 404 },
    ];
    const result = await runCheck(smokeCheck, createTempProject({ 'package.json': '{}' }), {
      deployment: { smoke: { baseUrl, routes } },
    });
    expect(result.passed).toBe(true);
    expect(result.evidence).toMatchObject({ route_count: 3, failed_count: 0 });
  });

  it('fails a wrong status, missing content and a route that does not answer in time', async () => {
    const routes = [{ path: '/nope' }, { path: '/health', contains: 'healthy' }, { path: '/slow' }];
    const result = await runCheck(smokeCheck, createTempProject({ 'package.json': '{}' }), {
      deployment: { smoke: { baseUrl, timeoutMs: 500, routes } },
    });
    expect(result.passed).toBe(false);
    const verdicts = result.evidence.routes as {
      path: string;
      problem: string | null;
      status: number | null;
    }[];
    expect(verdicts.map((route) => route.problem)).toEqual([
      'returned 404 (expected 200)',
      'body does not contain "healthy"',
      'no answer within 500 ms',
    ]);
    expect(result.details).toBe('3 of 3 routes failed: GET /nope returned 404 (expected 200)');
  });
});

describe('migrations check (real PostgreSQL)', () => {
  const adminUrl = process.env.TIER1_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const database = `tier1_t_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const databaseUrl = Object.assign(new URL(adminUrl), { pathname: `/${database}` }).toString();
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });

  beforeAll(async () => {
    await admin.unsafe(`create database ${database}`);
  });
  afterAll(async () => {
    await admin.unsafe(`drop database if exists ${database} with (force)`);
    await admin.end();
  });

  const journal = {
    version: '7',
    dialect: 'postgresql',
    entries: [
      { idx: 0, version: '7', when: 1_760_000_000_000, tag: '0000_initial', breakpoints: true },
      { idx: 1, version: '7', when: 1_760_000_100_000, tag: '0001_add_events', breakpoints: true },
    ],
  };
  const project = () =>
    createTempProject({ 'package.json': '{}', 'drizzle/meta/_journal.json': JSON.stringify(journal) });
  const config = { deployment: { migrationsFolder: 'drizzle' } };

  it('lists every migration as pending on a database drizzle never migrated', async () => {
    const result = await runCheck(migrationsCheck, project(), config, { DATABASE_URL: databaseUrl });
    expect(result).toMatchObject({
      passed: false,
      evidence: { pending_count: 2, pending: ['0000_initial', '0001_add_events'] },
    });
  });

  it("compares the journal with drizzle.__drizzle_migrations as drizzle's migrator does", async () => {
    const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    await sql.unsafe(
      'create schema drizzle; create table drizzle.__drizzle_migrations (id serial primary key, hash text not null, created_at bigint)',
    );
    await sql`insert into drizzle.__drizzle_migrations (hash, created_at) values ('h0', ${journal.entries[0]?.when ?? 0})`;
    const oneApplied = await runCheck(migrationsCheck, project(), config, { DATABASE_URL: databaseUrl });
    expect(oneApplied).toMatchObject({ passed: false, details: '1 pending migration: 0001_add_events' });
    expect(JSON.stringify(oneApplied.evidence)).not.toContain('postgres://');

    await sql`insert into drizzle.__drizzle_migrations (hash, created_at) values ('h1', ${journal.entries[1]?.when ?? 0})`;
    await sql.end();
    expect(await runCheck(migrationsCheck, project(), config, { DATABASE_URL: databaseUrl })).toMatchObject({
      passed: true,
      details: 'all 2 migrations applied',
    });
  });

  it('fails clearly when DATABASE_URL is not set', async () => {
    const result = await runCheck(migrationsCheck, project(), config, {});
    expect(result.details).toMatch(/^DATABASE_URL is not set/);
  });
});
