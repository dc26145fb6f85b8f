import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findMigrationsFolder } from './migrations-folder';

describe('findMigrationsFolder', () => {
  it('finds the repository migrations from the source tree', () => {
    const folder = findMigrationsFolder();
    expect(folder).toMatch(/migrations$/);
  });

  it('prefers the nearest folder, as in a published package', () => {
    const root = mkdtempSync(join(tmpdir(), 'tier1-migrations-'));
    mkdirSync(join(root, 'migrations', 'meta'), { recursive: true });
    writeFileSync(join(root, 'migrations', 'meta', '_journal.json'), '{}');
    mkdirSync(join(root, 'dist'));
    expect(findMigrationsFolder(join(root, 'dist'))).toBe(join(root, 'migrations'));
  });

  it('says how to fix a package without migrations', () => {
    expect(() => findMigrationsFolder('/')).toThrow(/no migrations folder/);
  });
});
