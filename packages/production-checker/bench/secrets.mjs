// Secret-scan benchmark: Tier 1's scanSecrets against secretlint with its recommended preset,
// on the same generated git repository, in the same run, both as child processes timed the same way.
//
//   pnpm -s turbo run build --filter=@tier1/production-checker...   (bench imports ../dist)
//   node bench/secrets.mjs [--files 1500] [--megabytes 60] [--runs 1] [--keep]
//
// 1,500 files by default: secretlint's time grows much faster than the file count (on this 2-core
// machine 600 files took it 7 s, 3,000 files 4.5 to 6 minutes whatever their size), and a benchmark
// here should finish in about two minutes. `--files 3000` reproduces the larger figure in the docs.
//
// Prints both wall times, the ratio (target: Tier 1 at least 5x faster) and which planted secrets
// each tool found (target: Tier 1 finds at least every planted secret secretlint finds). Exits
// non-zero only when something crashes, never on a missed target.
import { execFileSync, spawn } from 'node:child_process';
import { createHmac, generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SPEED_TARGET = 5;

// --- the Tier 1 side: this file run with --scan <dir> is its CLI -------------------------------

async function loadScanner() {
  const dist = join(packageRoot, 'dist/index.js');
  if (existsSync(dist)) {
    const module = await import(pathToFileURL(dist).href);
    if (typeof module.scanSecrets === 'function') return module;
  }
  throw new Error(
    `${dist} has no scanSecrets: run \`pnpm -s turbo run build --filter=@tier1/production-checker...\` first`,
  );
}

async function scanCli(root) {
  const { scanSecrets } = await loadScanner();
  const result = await scanSecrets(root);
  const findings = result.findings.map(({ file, line, rule }) => ({ file, line, rule }));
  process.stdout.write(`${JSON.stringify({ ...result, findings })}\n`);
}

// --- the generated tree -------------------------------------------------------------------------

/** Deterministic structure (mulberry32), so every run builds the same tree shape. */
function prng(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(0x7137);
const pick = (items) => items[Math.floor(random() * items.length)];
const int = (min, max) => min + Math.floor(random() * (max - min + 1));
const WORDS = (
  'user order invoice payment session account project task event report cache queue worker ' +
  'customer product price status message channel webhook retry limit schedule audit metric profile team'
).split(' ');
const ident = () => `${pick(WORDS)}${pick(WORDS).replace(/^./, (c) => c.toUpperCase())}`;
const hex = (bytes) => randomBytes(bytes).toString('hex');
const base62 = (length) => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(length)].map((byte) => alphabet[byte % 62]).join('');
};
const uuid = () => `${hex(4)}-${hex(2)}-4${hex(2).slice(1)}-a${hex(2).slice(1)}-${hex(6)}`;
const join_ = (...parts) => parts.join('');
// Sizes are tracked per array, so filling a file to its target size stays linear.
const sizes = new WeakMap();
const sizeOf = (lines) => {
  const known = sizes.get(lines) ?? { lines: 0, bytes: 0 };
  for (let index = known.lines; index < lines.length; index += 1) known.bytes += lines[index].length + 1;
  known.lines = lines.length;
  sizes.set(lines, known);
  return known.bytes;
};

function typescriptFile(targetBytes) {
  const lines = ["import { z } from 'zod';", "import { logger } from '../logger';", ''];
  while (sizeOf(lines) < targetBytes) {
    const name = ident();
    lines.push(
      `export interface ${name.replace(/^./, (c) => c.toUpperCase())}Input {`,
      `  id: string;`,
      `  ${pick(WORDS)}Id: number;`,
      `  token?: string;`,
      `  createdAt: Date;`,
      '}',
      '',
      `export async function load${name.replace(/^./, (c) => c.toUpperCase())}(id: string, token = process.env.API_TOKEN): Promise<unknown> {`,
      `  const url = \`https://api.internal.example/v1/${pick(WORDS)}s/\${encodeURIComponent(id)}\`;`,
      '  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });',
      `  if (!response.ok) throw new Error(\`${pick(WORDS)} \${id}: \${response.status}\`);`,
      `  const password = await readSecret('${pick(WORDS)}-password');`,
      `  logger.debug({ id, checksum: '${hex(20)}', requestId: '${uuid()}' });`,
      '  return { ...(await response.json()), password };',
      '}',
      '',
    );
  }
  return lines;
}

function pythonFile(targetBytes) {
  const lines = ['import os', 'import logging', '', 'log = logging.getLogger(__name__)', ''];
  while (sizeOf(lines) < targetBytes) {
    const name = ident().toLowerCase();
    lines.push(
      `def fetch_${name}(session, ${pick(WORDS)}_id: str) -> dict:`,
      `    token = os.environ["API_TOKEN"]`,
      `    password = os.getenv("DB_PASSWORD")`,
      `    url = f"https://api.internal.example/{${pick(WORDS)}_id}?rev=${hex(8)}"`,
      '    response = session.get(url, headers={"Authorization": f"Bearer {token}"})',
      '    response.raise_for_status()',
      `    log.info("fetched %s", "${uuid()}")`,
      '    return response.json()',
      '',
    );
  }
  return lines;
}

function goFile(targetBytes) {
  const lines = ['package service', '', 'import (', '\t"context"', '\t"os"', ')', ''];
  while (sizeOf(lines) < targetBytes) {
    const name = ident().replace(/^./, (c) => c.toUpperCase());
    lines.push(
      `func Load${name}(ctx context.Context, id string) (*${name}, error) {`,
      '\ttoken := os.Getenv("API_TOKEN")',
      `\treq := newRequest(ctx, "https://api.internal.example/${pick(WORDS)}/"+id, token)`,
      `\treq.Header.Set("X-Request-Id", "${uuid()}")`,
      `\treturn decode${name}(req, "${hex(16)}")`,
      '}',
      '',
    );
  }
  return lines;
}

function jsonFile(targetBytes) {
  const records = [];
  let size = 0;
  while (size < targetBytes) {
    const record = {
      id: uuid(),
      name: `${pick(WORDS)} ${pick(WORDS)}`,
      status: pick(['active', 'pending', 'closed']),
      amount: int(1, 99999) / 100,
      checksum: hex(32),
      etag: `W/"${base62(27)}"`,
      avatar: random() < 0.1 ? `data:image/png;base64,${randomBytes(600).toString('base64')}` : null,
      tags: [pick(WORDS), pick(WORDS)],
      updatedAt: new Date(1_700_000_000_000 + int(0, 9e9)).toISOString(),
    };
    size += JSON.stringify(record).length + 4;
    records.push(record);
  }
  return JSON.stringify({ items: records }, null, 2).split('\n');
}

function yamlFile(targetBytes) {
  const lines = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${pick(WORDS)}-service`,
    'spec:',
  ];
  while (sizeOf(lines) < targetBytes) {
    lines.push(
      `  - name: ${pick(WORDS)}-${pick(WORDS)}`,
      `    image: registry.internal.example/${pick(WORDS)}:${hex(6)}`,
      '    env:',
      '      - name: DATABASE_PASSWORD',
      '        valueFrom: { secretKeyRef: { name: db, key: password } }',
      '      - name: API_TOKEN',
      '        value: ${API_TOKEN}',
      `    annotations: { checksum/config: ${hex(32)} }`,
    );
  }
  return lines;
}

function markdownFile(targetBytes) {
  const lines = [`# ${ident()}`, ''];
  while (sizeOf(lines) < targetBytes) {
    lines.push(
      `The ${pick(WORDS)} service retries a failed ${pick(WORDS)} ${int(2, 9)} times before it gives up.`,
      'Set `API_TOKEN=your-api-token` and `DB_PASSWORD=<password>` in `.env` before you start it.',
      '',
      '```bash',
      `curl -H "Authorization: Bearer $API_TOKEN" https://api.internal.example/${pick(WORDS)}s`,
      '```',
      '',
    );
  }
  return lines;
}

function packageLock(targetBytes) {
  const packages = {};
  let size = 0;
  while (size < targetBytes) {
    const name = `${pick(WORDS)}-${pick(WORDS)}-${hex(2)}`;
    const entry = {
      version: `${int(0, 9)}.${int(0, 30)}.${int(0, 20)}`,
      resolved: `https://registry.npmjs.org/${name}/-/${name}-1.0.0.tgz`,
      integrity: `sha512-${randomBytes(64).toString('base64')}`,
      license: 'MIT',
    };
    size += JSON.stringify(entry).length + name.length + 30;
    packages[`node_modules/${name}`] = entry;
  }
  return JSON.stringify({ name: 'app', lockfileVersion: 3, packages }, null, 2).split('\n');
}

function pnpmLock(targetBytes) {
  const lines = ["lockfileVersion: '9.0'", '', 'packages:', ''];
  while (sizeOf(lines) < targetBytes) {
    lines.push(
      `  ${pick(WORDS)}-${hex(2)}@${int(0, 9)}.${int(0, 9)}.${int(0, 9)}:`,
      `    resolution: {integrity: sha512-${randomBytes(64).toString('base64')}}`,
      '',
    );
  }
  return lines;
}

function yarnLock(targetBytes) {
  const lines = ['# yarn lockfile v1', ''];
  while (sizeOf(lines) < targetBytes) {
    const name = `${pick(WORDS)}-${hex(2)}`;
    lines.push(
      `${name}@^1.0.0:`,
      '  version "1.2.3"',
      `  resolved "https://registry.yarnpkg.com/${name}/-/${name}-1.2.3.tgz#${hex(20)}"`,
      `  integrity sha512-${randomBytes(64).toString('base64')}`,
      '',
    );
  }
  return lines;
}

function goSum(targetBytes) {
  const lines = [];
  while (sizeOf(lines) < targetBytes) {
    const module = `github.com/${pick(WORDS)}/${pick(WORDS)}-${hex(2)} v1.${int(0, 20)}.${int(0, 9)}`;
    lines.push(
      `${module} h1:${randomBytes(32).toString('base64')}`,
      `${module}/go.mod h1:${randomBytes(32).toString('base64')}`,
    );
  }
  return lines;
}

function cargoLock(targetBytes) {
  const lines = ['version = 3', ''];
  while (sizeOf(lines) < targetBytes) {
    lines.push(
      '[[package]]',
      `name = "${pick(WORDS)}-${hex(2)}"`,
      `version = "0.${int(1, 20)}.${int(0, 9)}"`,
      'source = "registry+https://github.com/rust-lang/crates.io-index"',
      `checksum = "${hex(32)}"`,
      '',
    );
  }
  return lines;
}

// --- planted secrets and placeholders ------------------------------------------------------------

function realPrivateKey(type) {
  const { privateKey } =
    type === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ed25519');
  return privateKey.export({ type: type === 'rsa' ? 'pkcs1' : 'pkcs8', format: 'pem' }).trimEnd();
}

function signedJwt() {
  const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
  const payload = Buffer.from(
    JSON.stringify({ sub: `usr_${hex(6)}`, scope: 'admin', iat: 1763769600 }),
  ).toString('base64url');
  const signature = createHmac('sha256', randomBytes(32)).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

function serviceAccount() {
  const key = realPrivateKey('ed25519').split('\n').join('\\n');
  return [
    '{',
    '  "type": "service_account",',
    '  "project_id": "billing-prod-4411",',
    `  "private_key_id": "${hex(20)}",`,
    `  "private_key": "${key}\\n",`,
    '  "client_email": "deployer@billing-prod-4411.iam.gserviceaccount.com",',
    '  "token_uri": "https://oauth2.googleapis.com/token"',
    '}',
  ];
}

const upperDigits = (length) =>
  [...randomBytes(length)].map((byte) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[byte % 32]).join('');

/** Each: a label, the file it goes in, and its line(s); `lines` holds one line, or a block whose first line is reported. */
function plantedSecrets() {
  const password = `${base62(10)}#${base62(6)}`;
  return [
    {
      label: 'AWS access key id (.env)',
      file: 'services/billing/.env',
      lines: [`AWS_ACCESS_KEY_ID=${join_('AK', 'IA', upperDigits(16))}`],
    },
    {
      label: 'AWS temporary key id (JSON)',
      file: 'infra/sts-session.json',
      lines: [`  "AccessKeyId": "${join_('AS', 'IA', upperDigits(16))}",`],
    },
    {
      label: 'AWS secret access key (credentials)',
      file: 'infra/aws/credentials',
      lines: [`aws_secret_access_key = ${randomBytes(30).toString('base64')}`],
    },
    {
      label: 'GitHub classic token (YAML)',
      file: '.github/workflows/release.yml',
      lines: [`      GH_TOKEN: ${join_('gh', 'p_', base62(36))}`],
    },
    {
      label: 'GitHub fine-grained token (TS)',
      file: 'scripts/sync-issues.ts',
      lines: [`const githubToken = '${join_('github', '_pat_', base62(22), '_', base62(59))}';`],
    },
    {
      label: 'GitLab token (YAML)',
      file: 'deploy/gitlab-mirror.yml',
      lines: [`  token: ${join_('gl', 'pat-', base62(20))}`],
    },
    {
      label: 'Slack bot token (JSON)',
      file: 'config/notifier.json',
      lines: [
        `  "slackToken": "${join_('xo', 'xb-', String(int(1e11, 9e11)), '-', String(int(1e12, 9e12)), '-', base62(24))}",`,
      ],
    },
    {
      label: 'Slack webhook (TS)',
      file: 'src/alerts/slack.ts',
      lines: [
        `const WEBHOOK = 'https://hooks.${join_('slack', '.com/services/T', upperDigits(8), '/B', upperDigits(10), '/', base62(24))}';`,
      ],
    },
    {
      label: 'Stripe live secret key (.env)',
      file: 'services/payments/.env',
      lines: [`STRIPE_SECRET_KEY=${join_('sk', '_live_', base62(24))}`],
    },
    {
      label: 'OpenAI project key (Python)',
      file: 'ml/summarise.py',
      lines: [`client = OpenAI(api_key="${join_('sk', '-proj-', base62(48), 'T3Blbk', 'FJ', base62(48))}")`],
    },
    {
      label: 'Anthropic key (.env)',
      file: 'ml/.env',
      lines: [
        `ANTHROPIC_API_KEY=${join_('sk', '-ant-api03-', randomBytes(70).toString('base64url').slice(0, 93), 'AA')}`,
      ],
    },
    {
      label: 'Google API key (JS)',
      file: 'web/public/maps.js',
      lines: [
        `const MAPS_KEY = "${join_('AI', 'za', 'Sy', randomBytes(27).toString('base64url').slice(0, 33))}";`,
      ],
    },
    {
      label: 'Google service account (JSON)',
      file: 'infra/gcp/deployer.json',
      lines: serviceAccount(),
      reportedOffset: 4,
    },
    {
      label: 'npm token (.npmrc)',
      file: '.npmrc',
      lines: [`//registry.npmjs.org/:_authToken=${join_('np', 'm_', base62(36))}`],
    },
    {
      label: 'RSA private key (PEM)',
      file: 'deploy/keys/deploy_rsa',
      lines: realPrivateKey('rsa').split('\n'),
    },
    {
      label: 'PKCS#8 private key in a test fixture',
      file: 'test/fixtures/signing-key.pem',
      lines: realPrivateKey('ed25519').split('\n'),
    },
    {
      label: 'JWT (TS test)',
      file: 'src/auth/session.test.ts',
      lines: [`const adminToken = '${signedJwt()}';`],
    },
    {
      label: 'Postgres URL with password (YAML)',
      file: 'config/database.yml',
      lines: [`  url: postgres://billing:${password}@db-prod.internal:5432/billing`],
    },
    {
      label: 'MongoDB+srv URL with password (.env)',
      file: 'services/catalog/.env',
      lines: [`MONGO_URL=mongodb+srv://catalog:${base62(16)}@cluster0.x1y2z.mongodb.net/catalog`],
    },
    {
      label: 'password= in .env',
      file: 'services/reports/.env',
      lines: [`DB_PASSWORD=${base62(8)}!${base62(7)}`],
    },
    { label: 'api_key in JSON', file: 'config/partners.json', lines: [`  "api_key": "${hex(20)}",`] },
    {
      label: 'secret in YAML',
      file: 'config/app.yaml',
      lines: [`  client_secret: ${base62(12)}-${base62(14)}`],
    },
  ];
}

function plantedPlaceholders() {
  return [
    {
      label: 'AWS documentation key id',
      file: 'docs/aws.md',
      lines: [`export AWS_ACCESS_KEY_ID=${join_('AK', 'IAIOSFODNN7EXAMPLE')}`],
    },
    {
      label: 'AWS documentation secret',
      file: 'docs/aws.md',
      lines: [`export AWS_SECRET_ACCESS_KEY=${join_('wJalrXUtnFEMI/K7MDENG/', 'bPxRfiCYEXAMPLEKEY')}`],
    },
    {
      label: 'Stripe test key',
      file: 'web/src/checkout.ts',
      lines: [`const stripe = new Stripe('${join_('sk', '_test_', base62(24))}');`],
    },
    {
      label: 'GitHub token placeholder',
      file: '.env.example',
      lines: [`GITHUB_TOKEN=${join_('gh', 'p_', 'x'.repeat(36))}`],
    },
    {
      label: 'password env reference',
      file: 'docker-compose.yml',
      lines: ['      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}'],
    },
    {
      label: 'connection string placeholder',
      file: '.env.example',
      lines: ['DATABASE_URL=postgres://user:password@localhost:5432/app'],
    },
    { label: 'api key placeholder', file: '.env.example', lines: ['OPENAI_API_KEY=your-api-key'] },
    {
      label: 'process.env reference',
      file: 'src/config.ts',
      lines: ['export const apiKey = process.env.PAYMENTS_API_KEY;'],
    },
    { label: 'masked password', file: 'config/app.yaml', lines: ['  password: "********"'] },
    {
      label: 'Slack placeholder',
      file: '.env.example',
      lines: [`SLACK_BOT_TOKEN=${join_('xo', 'xb-your-bot-token')}`],
    },
  ];
}

// --- building the repository --------------------------------------------------------------------

const KINDS = [
  { share: 0.45, dir: 'src/modules', ext: 'ts', make: typescriptFile, bytes: [6_000, 30_000] },
  { share: 0.1, dir: 'services/worker', ext: 'py', make: pythonFile, bytes: [4_000, 24_000] },
  { share: 0.1, dir: 'services/gateway', ext: 'go', make: goFile, bytes: [4_000, 24_000] },
  { share: 0.15, dir: 'data/fixtures', ext: 'json', make: jsonFile, bytes: [6_000, 40_000] },
  { share: 0.1, dir: 'deploy/k8s', ext: 'yaml', make: yamlFile, bytes: [2_000, 12_000] },
  { share: 0.1, dir: 'docs/guide', ext: 'md', make: markdownFile, bytes: [2_000, 12_000] },
];
const LOCK_FILES = [
  { name: 'package-lock.json', make: packageLock },
  { name: 'pnpm-lock.yaml', make: pnpmLock },
  { name: 'yarn.lock', make: yarnLock },
  { name: 'go.sum', make: goSum },
  { name: 'Cargo.lock', make: cargoLock },
];

async function writeLines(root, file, lines) {
  await mkdir(dirname(join(root, file)), { recursive: true });
  await writeFile(join(root, file), `${lines.join('\n')}\n`);
}

/**
 * Builds the tree; returns where each planted secret and placeholder is: its file and the range
 * of lines its block takes (a tool found it when it reports any line of that range in that file).
 */
async function buildTree(root, fileCount, megabytes) {
  const lockCount = 40;
  const sourceCount = fileCount - lockCount - 30;
  const perFileScale = (megabytes * 1e6 * 0.8) / (sourceCount * 15_500);
  const files = new Map();
  for (const kind of KINDS) {
    const count = Math.round(sourceCount * kind.share);
    for (let index = 0; index < count; index += 1) {
      const bytes = Math.round(int(kind.bytes[0], kind.bytes[1]) * perFileScale);
      files.set(`${kind.dir}/${pick(WORDS)}-${index}.${kind.ext}`, kind.make(bytes));
    }
  }
  for (let index = 0; index < lockCount; index += 1) {
    const lock = LOCK_FILES[index % LOCK_FILES.length];
    files.set(`packages/pkg-${index}/${lock.name}`, lock.make((megabytes * 1e6 * 0.2) / lockCount));
  }
  const secrets = plantedSecrets();
  const placeholders = plantedPlaceholders();
  for (const entry of [...secrets, ...placeholders]) {
    const lines = files.get(entry.file) ?? [];
    lines.splice(lines.length === 0 ? 0 : int(0, Math.min(lines.length, 40)), 0, ...entry.lines);
    files.set(entry.file, lines);
  }
  // Located after every insertion: a later plant above an earlier one in the same file moves it.
  const located = (entries) =>
    entries.map(({ label, file, lines }) => {
      const first = (files.get(file) ?? []).indexOf(lines[0]) + 1;
      return { label, file, firstLine: first, lastLine: first + lines.length - 1 };
    });
  for (const [file, lines] of files) await writeLines(root, file, lines);
  const ignored = 'node_modules/\ndist/\n.env.local\n*.log\n';
  await writeFile(join(root, '.gitignore'), ignored);
  // Ignored by git, so not a finding for either tool: secretlint gets the same patterns.
  await writeFile(join(root, '.env.local'), `GITHUB_TOKEN=${join_('gh', 'p_', base62(36))}\n`);
  await writeFile(join(root, '.secretlintignore'), `${ignored}.git/\n`);
  await writeFile(
    join(root, '.secretlintrc.json'),
    JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }),
  );
  return { secrets: located(secrets), placeholders: located(placeholders) };
}

// --- running both tools -------------------------------------------------------------------------

// GNU time, when present, adds each child's CPU seconds: on a shared, loaded machine the wall
// times swing with the load, the CPU times much less.
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/** Runs a command to completion; resolves with its wall time, CPU time (when known), stdout and exit code. */
async function timed(command, args, cwd) {
  const cpuFile = GNU_TIME
    ? join(tmpdir(), `tier1-bench-cpu-${process.pid}-${Math.random().toString(36).slice(2)}`)
    : undefined;
  const [file, fileArgs] = cpuFile
    ? [GNU_TIME, ['-f', '%U %S', '-o', cpuFile, command, ...args]]
    : [command, args];
  const run = await new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(file, fileArgs, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout = [];
    const stderr = [];
    child.stdout.on('data', (chunk) => stdout.push(chunk));
    child.stderr.on('data', (chunk) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      resolvePromise({
        ms: performance.now() - started,
        code,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      }),
    );
  });
  if (cpuFile) {
    const [user, system] = (await readFile(cpuFile, 'utf8')).trim().split('\n').at(-1).split(' ').map(Number);
    await rm(cpuFile, { force: true });
    run.cpuMs = (user + system) * 1000;
  }
  return run;
}

async function runTier1(root) {
  const run = await timed(process.execPath, [fileURLToPath(import.meta.url), '--scan', root], root);
  if (run.code !== 0) throw new Error(`tier1 scan failed (exit ${run.code}): ${run.stderr.slice(0, 2000)}`);
  const result = JSON.parse(run.stdout);
  return {
    ms: run.ms,
    cpuMs: run.cpuMs,
    findings: result.findings,
    filesScanned: result.filesScanned,
    bytesScanned: result.bytesScanned,
  };
}

async function runSecretlint(root) {
  const bin = join(packageRoot, 'node_modules/.bin/secretlint');
  // `unix` format: path:line:column: message, one finding a line (secretlint masks the values).
  const run = await timed(bin, ['**/*', '--format', 'unix', '--no-color', '--no-terminalLink'], root);
  if (run.code !== 0 && run.code !== 1)
    throw new Error(`secretlint failed (exit ${run.code}): ${run.stderr.slice(0, 2000)}`);
  const findings = [];
  for (const line of run.stdout.split('\n')) {
    const match = /^(.+?):(\d+):(\d+): (?:\[(\w+)\])?/.exec(line);
    if (match)
      findings.push({
        file: match[1].slice(root.length + 1),
        line: Number(match[2]),
        rule: match[4] ?? 'secretlint',
      });
  }
  return { ms: run.ms, cpuMs: run.cpuMs, findings };
}

const foundBy = (findings, entry) =>
  findings.some(
    (finding) =>
      finding.file === entry.file && finding.line >= entry.firstLine && finding.line <= entry.lastLine,
  );

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  const { values } = parseArgs({
    options: {
      files: { type: 'string', default: '1500' },
      megabytes: { type: 'string', default: '60' },
      runs: { type: 'string', default: '1' },
      keep: { type: 'boolean', default: false },
    },
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1)
    throw new Error(`--runs must be a whole number >= 1, not ${values.runs}`);
  await loadScanner();
  const root = await mkdtemp(join(tmpdir(), 'tier1-secrets-bench-'));
  try {
    const started = performance.now();
    const planted = await buildTree(root, Number(values.files), Number(values.megabytes));
    const git = (...args) => execFileSync('git', args, { cwd: root, stdio: 'ignore' });
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('-c', 'user.name=bench', '-c', 'user.email=bench@tier1.invalid', 'commit', '-q', '-m', 'tree');
    console.log(
      `tree: ${root} built and committed in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    const tier1Runs = [];
    const secretlintRuns = [];
    // Alternating, so neither tool always runs with the warmer page cache.
    for (let run = 0; run < runs; run += 1) {
      tier1Runs.push(await runTier1(root));
      secretlintRuns.push(await runSecretlint(root));
    }
    const tier1 = tier1Runs.at(-1);
    const secretlint = secretlintRuns.at(-1);
    const tier1Ms = median(tier1Runs.map((run) => run.ms));
    const secretlintMs = median(secretlintRuns.map((run) => run.ms));
    const ratio = secretlintMs / tier1Ms;
    const mb = tier1.bytesScanned / 1e6;
    console.log(`files scanned by tier1: ${tier1.filesScanned} (${mb.toFixed(1)} MB)`);
    console.log(
      `tier1 scanSecrets (child process): ${(tier1Ms / 1000).toFixed(2)} s  (${(mb / (tier1Ms / 1000)).toFixed(0)} MB/s)`,
    );
    console.log(
      `secretlint + preset-recommend:      ${(secretlintMs / 1000).toFixed(2)} s  (${(mb / (secretlintMs / 1000)).toFixed(1)} MB/s)`,
    );
    console.log(
      `speed ratio: ${ratio.toFixed(1)}x (target >= ${SPEED_TARGET}x): ${ratio >= SPEED_TARGET ? 'MET' : 'MISSED'}`,
    );
    if (GNU_TIME) {
      const tier1Cpu = median(tier1Runs.map((run) => run.cpuMs));
      const secretlintCpu = median(secretlintRuns.map((run) => run.cpuMs));
      console.log(
        `cpu time: tier1 ${(tier1Cpu / 1000).toFixed(2)} s, secretlint ${(secretlintCpu / 1000).toFixed(2)} s, ratio ${(secretlintCpu / tier1Cpu).toFixed(1)}x`,
      );
    }

    console.log('\nplanted secrets                              tier1  secretlint');
    let tier1Found = 0;
    let secretlintFound = 0;
    let tier1MissedWhatSecretlintFound = 0;
    for (const entry of planted.secrets) {
      const byTier1 = foundBy(tier1.findings, entry);
      const bySecretlint = foundBy(secretlint.findings, entry);
      tier1Found += Number(byTier1);
      secretlintFound += Number(bySecretlint);
      tier1MissedWhatSecretlintFound += Number(bySecretlint && !byTier1);
      console.log(`  ${entry.label.padEnd(42)} ${byTier1 ? 'yes' : 'NO '}    ${bySecretlint ? 'yes' : 'no'}`);
    }
    console.log(
      `found: tier1 ${tier1Found}/${planted.secrets.length}, secretlint ${secretlintFound}/${planted.secrets.length}`,
    );
    console.log(
      `findings target (tier1 finds every planted secret secretlint finds): ${tier1MissedWhatSecretlintFound === 0 ? 'MET' : `MISSED (${tier1MissedWhatSecretlintFound})`}`,
    );

    console.log('\nplanted placeholders (must not be reported)  tier1  secretlint');
    for (const entry of planted.placeholders) {
      console.log(
        `  ${entry.label.padEnd(42)} ${foundBy(tier1.findings, entry) ? 'REPORTED' : 'quiet   '} ${foundBy(secretlint.findings, entry) ? 'reported' : 'quiet'}`,
      );
    }
    const isPlanted = (finding) =>
      [...planted.secrets, ...planted.placeholders].some((entry) => foundBy([finding], entry));
    const stray = (findings) => findings.filter((finding) => !isPlanted(finding));
    const describe = (findings) =>
      findings
        .slice(0, 5)
        .map((finding) => `${finding.file}:${finding.line} ${finding.rule}`)
        .join(', ');
    console.log(
      `other findings (false positives in generated code, data and lock files): tier1 ${stray(tier1.findings).length} ${describe(stray(tier1.findings))}`,
    );
    console.log(
      `                                                                   secretlint ${stray(secretlint.findings).length} ${describe(stray(secretlint.findings))}`,
    );
  } finally {
    if (values.keep) console.log(`kept ${root}`);
    else await rm(root, { recursive: true, force: true });
  }
}

const scanIndex = process.argv.indexOf('--scan');
if (scanIndex !== -1) {
  await scanCli(process.argv[scanIndex + 1]);
} else {
  await main();
}
