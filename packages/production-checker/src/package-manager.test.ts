import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectPackageManager } from './package-manager';

const base = mkdtempSync(join(tmpdir(), 'tier1-pm-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

function project(name: string, files: Record<string, string>): string {
  const root = join(base, name);
  mkdirSync(root, { recursive: true });
  for (const [file, content] of Object.entries(files)) writeFileSync(join(root, file), content);
  return root;
}

describe('detectPackageManager', () => {
  it('takes packageManager first, then the lockfile, else npm', () => {
    expect(
      detectPackageManager(
        project('field', { 'package.json': '{"packageManager":"pnpm@10.1.0"}', 'package-lock.json': '{}' }),
      ),
    ).toBe('pnpm');
    expect(detectPackageManager(project('yarn', { 'package.json': '{}', 'yarn.lock': '' }))).toBe('yarn');
    expect(detectPackageManager(project('plain', { 'package.json': '{}', '.git': '' }))).toBe('npm');
  });

  it("finds a workspace package's manager at the workspace root", () => {
    const root = project('ws', { 'package.json': '{}', 'pnpm-workspace.yaml': 'packages: [pkgs/*]\n' });
    const inner = join(root, 'pkgs', 'a');
    mkdirSync(inner, { recursive: true });
    writeFileSync(join(inner, 'package.json'), '{}');
    expect(detectPackageManager(inner)).toBe('pnpm');
  });
});
