import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findProjectRoot } from './project-root';

let root: string;
beforeEach(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'tier1-root-')));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('findProjectRoot', () => {
  it('finds the folder with .tier1 above a subfolder, before a nearer .git', () => {
    mkdirSync(join(root, '.tier1'));
    mkdirSync(join(root, 'packages', 'api', '.git'), { recursive: true });
    mkdirSync(join(root, 'packages', 'api', 'src'));
    expect(findProjectRoot(join(root, 'packages', 'api', 'src'))).toBe(root);
  });

  it('takes the repository root when there is no .tier1 yet, and the folder itself outside one', () => {
    mkdirSync(join(root, 'repo', '.git'), { recursive: true });
    mkdirSync(join(root, 'repo', 'src', 'deep'), { recursive: true });
    expect(findProjectRoot(join(root, 'repo', 'src', 'deep'))).toBe(join(root, 'repo'));
    mkdirSync(join(root, 'plain'));
    expect(findProjectRoot(join(root, 'plain'))).toBe(join(root, 'plain'));
  });

  it('also stops at a .tier1 that is a file, so the store reports it instead of going around it', () => {
    writeFileSync(join(root, '.tier1'), 'not a folder');
    mkdirSync(join(root, 'sub'));
    expect(findProjectRoot(join(root, 'sub'))).toBe(root);
  });
});
