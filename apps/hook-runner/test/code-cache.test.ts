import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bashPostToolUse } from '@tier1/hooks/testing';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BIN, buildBin, readSpool, runBin } from './run-bin';

/*
 * The bin compiles its bundle with a V8 code cache kept beside the bundle. Each test runs its
 * own copy of bin/ and dist/hook/, so no other test's hook calls write the cache under it.
 * Claude Code itself cannot run here: the tests stand in for it.
 */

const packageRoot = fileURLToPath(new URL('..', import.meta.url));
let copy: string;
let bin: string;
let bundles: string;
let home: string;

beforeAll(async () => {
  await buildBin();
}, 300_000);

beforeEach(() => {
  copy = mkdtempSync(join(tmpdir(), 'tier1-hook-cache-'));
  bin = join(copy, 'bin', 'tier1-hook.cjs');
  bundles = join(copy, 'dist', 'hook');
  mkdirSync(join(copy, 'bin'));
  mkdirSync(bundles, { recursive: true });
  copyFileSync(BIN, bin);
  for (const name of ['main.cjs', 'n8n-layer.cjs', 'secret-rules.cjs'])
    copyFileSync(join(packageRoot, 'dist', 'hook', name), join(bundles, name));
  home = join(copy, 'home');
});
afterEach(() => {
  rmSync(copy, { recursive: true, force: true });
});

const caches = () => readdirSync(bundles).filter((name) => name.endsWith('.v8-cache'));
const payload = JSON.stringify(
  bashPostToolUse('s-cache', 'pnpm vitest run', ' Test Files  3 passed (3)\n      Tests  42 passed (42)\n'),
);

/** What a call recorded, without the parts that differ on every call (uid, time). */
async function call(project?: string): Promise<{ stdout: string; stderr: string; evidence: unknown }> {
  const env = {
    TIER1_HOME: home,
    TIER1_PROJECT_ID: 'cache',
    ...(project ? { CLAUDE_PROJECT_DIR: project } : {}),
  };
  const run = await runBin(payload, env, { bin });
  expect(run.code).toBe(0);
  const events = readSpool(home);
  return { stdout: run.stdout, stderr: run.stderr, evidence: events.at(-1)?.evidence };
}

describe('tier1-hook V8 code cache (a test stands in for Claude Code)', () => {
  it('is written by the first call and read, not rewritten, by the next', async () => {
    expect(caches()).toEqual([]);
    const first = await call();
    expect(caches()).toHaveLength(1);
    const [cache] = caches();
    const written = statSync(join(bundles, cache as string)).mtimeMs;

    const second = await call();
    expect(second).toEqual(first);
    expect(second.stderr).toBe('');
    expect((second.evidence as { detected_keyword: string }).detected_keyword).toMatch(/passed/);
    expect(statSync(join(bundles, cache as string)).mtimeMs).toBe(written);
  });

  it('replaces a cache V8 rejects, and answers the same as without one', async () => {
    const clean = await call();
    const [cache] = caches();
    const path = join(bundles, cache as string);
    writeFileSync(path, Buffer.alloc(4096, 7));

    const afterRejection = await call();
    expect(afterRejection).toEqual(clean);
    expect(readFileSync(path).equals(Buffer.alloc(4096, 7))).toBe(false);
  });

  it('never reads the cache of another build of the bundle, and removes it', async () => {
    await call();
    const [oldCache] = caches();
    // A rebuild: same bytes here, but a new modification time is a new build to the bin.
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(bundles, 'main.cjs'), later, later);

    const rebuilt = await call();
    expect(rebuilt.stderr).toBe('');
    expect(caches()).toHaveLength(1);
    expect(caches()).not.toContain(oldCache);
  });

  it('keeps one for the .gitleaks.toml reader too, which a new build of main leaves alone', async () => {
    const project = join(copy, 'project');
    mkdirSync(project);
    writeFileSync(
      join(project, '.gitleaks.toml'),
      `[[rules]]\nid = "acme-token"\nregex = '''acme_[a-z0-9]{24}'''\n`,
    );
    const first = await call(project);
    expect(first.stderr).toBe('');
    const [main, rules] = [...caches()].sort();
    expect([main?.startsWith('main.cjs.'), rules?.startsWith('secret-rules.cjs.')]).toEqual([true, true]);
    const rulesWritten = statSync(join(bundles, rules as string)).mtimeMs;
    expect(await call(project)).toEqual(first);
    expect(statSync(join(bundles, rules as string)).mtimeMs).toBe(rulesWritten);

    const later = new Date(Date.now() + 60_000);
    utimesSync(join(bundles, 'main.cjs'), later, later);
    await call(project);
    expect(caches()).toHaveLength(2);
    expect(caches()).toContain(rules);
    expect(caches()).not.toContain(main);
  });
});
