import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cacheBypassEnv, defaultTestsTimeoutMs, detectWorkspace } from './workspace';

const base = mkdtempSync(join(tmpdir(), 'tier1-ws-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

function project(name: string, files: Record<string, string>): string {
  const root = join(base, name);
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), content);
  }
  return root;
}

const withTests = JSON.stringify({ scripts: { test: 'vitest run' } });

describe('detectWorkspace', () => {
  it('names the tool and counts the packages with tests', () => {
    const nx = project('nx', {
      'package.json': '{}',
      'nx.json': '{}',
      'packages/a/package.json': withTests,
      'packages/b/package.json': withTests,
      'packages/c/package.json': '{}',
      'node_modules/x/package.json': withTests,
    });
    expect(detectWorkspace(nx)).toEqual({ tool: 'nx', packagesWithTests: 2 });
    expect(
      detectWorkspace(
        project('turbo', { 'package.json': '{}', 'turbo.json': '{}', 'pnpm-workspace.yaml': '' }),
      )?.tool,
    ).toBe('turbo');
    expect(
      detectWorkspace(project('yarn', { 'package.json': '{"workspaces":["p/*"]}', 'yarn.lock': '' }))?.tool,
    ).toBe('yarn');
    expect(detectWorkspace(project('single', { 'package.json': withTests }))).toBeUndefined();
  });
});

describe('cache bypass and timeout', () => {
  it("bypasses turbo's and nx's caches through their documented variables", () => {
    expect(cacheBypassEnv('turbo')).toEqual({ TURBO_FORCE: 'true' });
    expect(cacheBypassEnv('nx')).toEqual({ NX_SKIP_NX_CACHE: 'true' });
    expect(cacheBypassEnv('pnpm')).toEqual({});
  });

  it('gives a workspace a minute per package with tests, between 5 and 30 minutes', () => {
    expect(defaultTestsTimeoutMs(undefined)).toBe(60_000);
    expect(defaultTestsTimeoutMs({ tool: 'nx', packagesWithTests: 2 })).toBe(300_000);
    expect(defaultTestsTimeoutMs({ tool: 'nx', packagesWithTests: 12 })).toBe(720_000);
    expect(defaultTestsTimeoutMs({ tool: 'turbo', packagesWithTests: 90 })).toBe(1_800_000);
  });
});
