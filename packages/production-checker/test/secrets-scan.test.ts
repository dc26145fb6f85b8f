import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fakeSecrets as fake, randomChars, secretSamples } from '@tier1/secrets/testing';
import { execa } from 'execa';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type SecretScanResult, SecretScanRootError, scanSecrets, writeBaseline } from '../src/secrets';

// Counts the worker threads a scan starts and that have exited, so that a threaded scan is known
// to have used them and to have stopped them all.
const workers = vi.hoisted(() => ({ started: 0, exited: 0 }));
vi.mock('node:worker_threads', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:worker_threads')>();
  class CountedWorker extends original.Worker {
    constructor(...args: ConstructorParameters<typeof original.Worker>) {
      super(...args);
      workers.started += 1;
      this.once('exit', () => {
        workers.exited += 1;
      });
    }
  }
  return { ...original, Worker: CountedWorker };
});

const roots: string[] = [];
afterEach(async () => {
  await Promise.all(roots.splice(0).map((root) => rm(root, { recursive: true, force: true })));
});

async function writeTree(root: string, files: Record<string, string | Buffer>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
}

/** A real git repository with `committed` committed and `untracked` left in the working tree. */
async function gitRepo(
  committed: Record<string, string | Buffer>,
  untracked: Record<string, string> = {},
): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'tier1-secrets-'));
  roots.push(root);
  const git = (...args: string[]) => execa('git', args, { cwd: root });
  await git('init', '-q', '-b', 'main');
  await writeTree(root, committed);
  await git('add', '-A');
  await git(
    '-c',
    'user.name=Tier1 Test',
    '-c',
    'user.email=test@tier1.invalid',
    'commit',
    '-q',
    '-m',
    'fixture',
  );
  await writeTree(root, untracked);
  return root;
}

const placeholderOnlyFiles = {
  '.env.example': [
    'DATABASE_URL=postgres://USER:PASSWORD@localhost:5432/app',
    `AWS_ACCESS_KEY_ID=${['AKIA', 'IOSFODNN7EXAMPLE'].join('')}`,
    'AWS_SECRET_ACCESS_KEY=your-secret-access-key',
    `STRIPE_SECRET_KEY=${['sk', '_live_', 'xxxxxxxxxxxxxxxxxxxxxxxx'].join('')}`,
    'OPENAI_API_KEY=<your-openai-key>',
    'API_TOKEN=changeme',
    'JWT_SECRET=${JWT_SECRET}',
  ].join('\n'),
  'src/config.ts': [
    'export const config = {',
    '  databaseUrl: process.env.DATABASE_URL,',
    "  apiKey: process.env['API_KEY'] ?? '',",
    "  password: '********',",
    '};',
  ].join('\n'),
  'docker-compose.yml': 'services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}\n',
  'README.md': '# App\n\nSet `GITHUB_TOKEN=ghp_your_token_here` and `password=<password>` in `.env`.\n',
  'package-lock.json': `{"packages": {"node_modules/x": {"integrity": "sha512-${Buffer.alloc(64, 7).toString('base64')}"}}}\n`,
};

describe('scanSecrets on a real git repository', () => {
  it('finds a planted AWS key on the right line and column, redacted', async () => {
    const keyId = fake.awsAccessKeyId('planted');
    const root = await gitRepo({
      'src/index.ts': 'export const answer = 42;\n',
      'deploy/settings.py': [
        'import os',
        '',
        'REGION = "eu-west-1"',
        `AWS_ACCESS_KEY_ID = "${keyId}"`,
        '',
      ].join('\n'),
    });
    const result = await scanSecrets(root);
    expect(result.fileSource).toBe('git');
    expect(result.findings).toEqual([
      expect.objectContaining({ file: 'deploy/settings.py', line: 4, column: 22, rule: 'aws-access-key-id' }),
    ]);
    expect(result.findings[0]?.redacted).toBe(`${keyId.slice(0, 4)}${'*'.repeat(12)}${keyId.slice(-4)}`);
    expect(result.filesScanned).toBe(2);
    expect(JSON.stringify(result).includes(keyId)).toBe(false);
  });

  it('finds nothing in a repository holding only placeholders, env references and lock-file hashes', async () => {
    const root = await gitRepo(placeholderOnlyFiles);
    const result = await scanSecrets(root);
    expect(result.findings).toEqual([]);
    expect(result.filesScanned).toBe(Object.keys(placeholderOnlyFiles).length);
  });

  it('does not scan a .gitignored file, and does scan an untracked file that is not ignored', async () => {
    const root = await gitRepo(
      { '.gitignore': '.env\n*.pem\n', 'src/app.ts': 'export {};\n' },
      { '.env': `GITHUB_TOKEN=${fake.githubToken()}\n`, 'notes/new.txt': `npm token ${fake.npmToken()}\n` },
    );
    const result = await scanSecrets(root);
    expect(result.findings.map(({ file, rule }) => ({ file, rule }))).toEqual([
      { file: 'notes/new.txt', rule: 'npm-token' },
    ]);
    expect(result.filesScanned).toBe(3);
  });

  it('suppresses baseline findings and tier1-allow comments, counting both as allowed', async () => {
    const root = await gitRepo({
      'ci/.npmrc': `//registry.npmjs.org/:_authToken=${fake.npmToken()}\n`,
      'test/fixture.env': `STRIPE=${fake.stripeLive()} # tier1-allow: revoked test fixture\n`,
    });
    const first = await scanSecrets(root);
    expect(first.findings.map((finding) => finding.rule)).toEqual(['npm-token']);
    expect(first.allowed).toBe(1);
    await writeBaseline(root, first.findings);
    const second = await scanSecrets(root);
    expect(second.findings).toEqual([]);
    expect(second.allowed).toBe(2);
    // What the baseline accepted is listed, not only counted, so an update can keep it.
    expect(second.baselined.map((finding) => finding.fingerprint)).toEqual(
      first.findings.map((finding) => finding.fingerprint),
    );
  });

  it('skips binaries, files over the size bound and symbolic links, and says so', async () => {
    const token = fake.githubToken();
    const root = await gitRepo({
      'assets/logo.png': Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0]), Buffer.from(token)]),
      'data/big.json': `{"token": "${token}", "pad": "${'a'.repeat(5000)}"}`,
      'src/ok.ts': 'export {};\n',
    });
    await symlink('/etc/hostname', join(root, 'link.txt'));
    await execa('git', ['add', 'link.txt'], { cwd: root });
    const result = await scanSecrets(root, { maxFileBytes: 4096 });
    expect(result.findings).toEqual([]);
    expect(result.skipped).toEqual({ binary: 1, tooLarge: 1, notRegular: 1, missing: 0, unreadable: 0 });
    expect(result.tooLargeFiles).toEqual(['data/big.json']);
    expect(result.filesScanned).toBe(1);
  });

  it('scans only the given folder of a larger repository, with paths relative to it', async () => {
    const root = await gitRepo({
      'apps/api/.env': `STRIPE_SECRET_KEY=${fake.stripeLive()}\n`,
      'apps/web/.env': `STRIPE_SECRET_KEY=${fake.stripeLive('web')}\n`,
    });
    const result = await scanSecrets(join(root, 'apps/api'));
    expect(result.findings.map(({ file, line, rule }) => ({ file, line, rule }))).toEqual([
      { file: '.env', line: 1, rule: 'stripe-secret-key' },
    ]);
  });

  it('stops when its signal is aborted', async () => {
    const root = await gitRepo({ 'a.txt': 'a\n' });
    const controller = new AbortController();
    controller.abort(new Error('check timed out'));
    await expect(scanSecrets(root, { signal: controller.signal })).rejects.toThrow('check timed out');
  });
});

describe('scanSecrets outside a git repository', () => {
  it('walks the tree, skipping node_modules, dist and what the root .gitignore ignores', async () => {
    const root = await mkdtemp(join(tmpdir(), 'tier1-secrets-walk-'));
    roots.push(root);
    await writeTree(root, {
      '.gitignore': 'secrets/\n*.local\n',
      'config/app.env': `SLACK_BOT_TOKEN=${fake.slackBotToken()}\n`,
      'secrets/prod.env': `SLACK_BOT_TOKEN=${fake.slackBotToken('other')}\n`,
      'config/dev.local': `GH=${fake.githubToken()}\n`,
      'node_modules/x/index.js': `const k = "${fake.stripeLive()}";\n`,
      'dist/bundle.js': `const k = "${fake.stripeLive('dist')}";\n`,
    });
    const result = await scanSecrets(root);
    expect(result.fileSource).toBe('walk');
    expect(result.findings.map(({ file, rule }) => ({ file, rule }))).toEqual([
      { file: 'config/app.env', rule: 'slack-token' },
    ]);
    expect(result.filesScanned).toBe(2);
  });

  it('rejects a root that does not exist with a Tier 1 error', async () => {
    await expect(scanSecrets(join(tmpdir(), 'tier1-no-such-folder-4c1d'))).rejects.toBeInstanceOf(
      SecretScanRootError,
    );
  });
});

/**
 * A repository of 400 files with every kind of sample secret, allow comments, a baseline, a
 * project rule and allowlist, binaries, a file over the size bound, a symbolic link, UTF-8 and
 * untracked files.
 */
async function manyFilesRepo(): Promise<string> {
  const samples = secretSamples().map((sample) => sample.text);
  const files: Record<string, string | Buffer> = {
    '.gitleaks.toml': [
      '[[rules]]',
      'id = "acme-key"',
      "regex = '''acme_[a-z0-9]{24}'''",
      'keywords = ["acme_"]',
      '[[allowlists]]',
      "paths = ['''^fixtures/''']",
    ].join('\n'),
    'big/data.json': `{"token": "${fake.githubToken('p', 'big')}", "pad": "${'a'.repeat(70_000)}"}`,
  };
  for (let index = 0; index < 400; index += 1) {
    const sample = samples[index % samples.length] as string;
    const folder = ['src', 'config', 'fixtures', 'docs'][index % 4] as string;
    const filler = `// module ${index}: key, token and password are words here\n`.repeat(index % 7);
    const acme = `ACME_KEY=acme_${randomChars(`acme${index}`, 24, 'abcdefghijklmnopqrstuvwxyz0123456789')}`;
    const allow = index % 13 === 0 ? ' # tier1-allow: test data' : '';
    const utf8 = index % 11 === 0 ? 'é 😀 ' : '';
    files[`${folder}/file-${index}.${index % 3 === 0 ? 'env' : 'ts'}`] =
      index % 50 === 7
        ? Buffer.concat([Buffer.from([0x89, 0x50, 0, 0x47]), Buffer.from(sample)])
        : `${filler}${utf8}${sample}\n${acme}${allow}\n`;
  }
  // Untracked files join the scan when git has listed them, after the tracked ones.
  const untracked = Object.fromEntries(
    samples.map((sample, index) => [`new/untracked-${index}.env`, `${sample}\n`]),
  );
  const root = await gitRepo(files, untracked);
  await symlink('/etc/hostname', join(root, 'link.txt'));
  await execa('git', ['add', 'link.txt'], { cwd: root });
  const first = await scanSecrets(root, { threads: 1, maxFileBytes: 64 * 1024 });
  await writeBaseline(root, first.findings.slice(0, 5));
  return root;
}

/** The result without its duration, the one field two scans of the same tree may differ in. */
const withoutDuration = ({ durationMs: _duration, ...result }: SecretScanResult) => result;

describe('scanSecrets in worker threads', () => {
  it('finds exactly what the single-threaded scan finds, from the sources', async () => {
    const root = await manyFilesRepo();
    const single = await scanSecrets(root, { threads: 1, maxFileBytes: 64 * 1024 });
    expect(single.findings.length).toBeGreaterThan(100);
    expect(single.allowed).toBeGreaterThan(100);
    expect(single.baselined).toHaveLength(5);
    expect(single.skipped).toMatchObject({ binary: 8, tooLarge: 1, notRegular: 1 });
    workers.started = 0;
    workers.exited = 0;
    const threaded = await scanSecrets(root, { threads: 3, maxFileBytes: 64 * 1024 });
    expect(workers).toEqual({ started: 2, exited: 2 });
    expect(withoutDuration(threaded)).toEqual(withoutDuration(single));
    expect(threaded.findings.filter((finding) => finding.file.startsWith('new/')).length).toBeGreaterThan(10);
  });

  it('finds exactly the same from the built package (tsup), where the worker is its own file', async () => {
    const root = await manyFilesRepo();
    const single = await scanSecrets(root, { threads: 1 });
    expect(single.findings.length).toBeGreaterThan(100);
    const bundle = buildPackage();
    const script = `const { scanSecrets } = await import(${JSON.stringify(pathToFileURL(join(bundle, 'index.js')).href)});
process.stdout.write(JSON.stringify(await scanSecrets(process.argv[1], { threads: 3 })));`;
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script, root], {
      encoding: 'utf8',
    });
    expect(withoutDuration(JSON.parse(output))).toEqual(withoutDuration(single));
  }, 120_000);

  it('stops every thread and rejects when its signal is aborted mid-scan', async () => {
    const root = await manyFilesRepo();
    const controller = new AbortController();
    workers.started = 0;
    workers.exited = 0;
    const scan = scanSecrets(root, { threads: 3, signal: controller.signal });
    await vi.waitUntil(() => workers.started > 0, { timeout: 30_000, interval: 1 });
    controller.abort(new Error('check timed out'));
    await expect(scan).rejects.toThrow('check timed out');
    expect(workers.exited).toBe(workers.started);
  });
});

/** This package bundled as `pnpm build` does (its tsup entries), into a cache folder; returns the folder. */
function buildPackage(): string {
  const packageDir = resolve(import.meta.dirname, '..');
  const outDir = join(packageDir, 'node_modules/.cache/tier1-test-dist');
  const { tsup } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
    tsup: { entry: Record<string, string> };
  };
  const entries = Object.entries(tsup.entry).flatMap(([name, path]) => [`--entry.${name}`, path]);
  if (!existsSync(resolve(packageDir, '../secrets/dist/index.js')))
    throw new Error('@tier1/secrets is not built: run pnpm build first');
  execFileSync(
    'npx',
    ['tsup', ...entries, '--no-config', '--format', 'esm', '--target', 'node20', '--out-dir', outDir],
    { cwd: packageDir, stdio: 'pipe' },
  );
  return outDir;
}
