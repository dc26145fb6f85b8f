import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findMigrationsFolder } from './migrations-folder';

function withJournal(folder: string): string {
  mkdirSync(join(folder, 'meta'), { recursive: true });
  writeFileSync(join(folder, 'meta', '_journal.json'), '{}');
  return folder;
}

describe('findMigrationsFolder', () => {
  it('finds the repository top-level migrations from the source tree', () => {
    expect(findMigrationsFolder()).toBe(resolve(__dirname, '../../../../migrations'));
  });

  it('finds the copy beside dist/ in a built or published package', () => {
    const root = mkdtempSync(join(tmpdir(), 'tier1-migrations-'));
    const copy = withJournal(join(root, 'node_modules', '@tier1', 'events', 'migrations'));
    expect(findMigrationsFolder(join(root, 'node_modules', '@tier1', 'events', 'dist'))).toBe(copy);
  });

  it('says how to fix a package without migrations', () => {
    const root = mkdtempSync(join(tmpdir(), 'tier1-migrations-'));
    expect(() => findMigrationsFolder(join(root, 'dist'))).toThrow(/no migrations folder/);
  });
});
