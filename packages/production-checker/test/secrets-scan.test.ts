import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fakeSecrets as fake } from '@tier1/secrets/testing';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { SecretScanRootError, scanSecrets, writeBaseline } from '../src/secrets';

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
