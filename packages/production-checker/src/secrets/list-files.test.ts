import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listProjectFileParts, listProjectFiles } from './list-files';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'tier1-list-files-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function write(files: string[]): Promise<void> {
  for (const file of files) {
    await mkdir(dirname(join(root, file)), { recursive: true });
    await writeFile(join(root, file), file);
  }
}

describe('listProjectFiles', () => {
  it('lists tracked and untracked-but-not-ignored files of a git repository, sorted', async () => {
    await execa('git', ['init', '-q'], { cwd: root });
    await write(['.gitignore', 'b.ts', 'a/c.ts', 'build/out.js', 'notes.log', 'name with space.md']);
    await writeFile(join(root, '.gitignore'), 'build/\n*.log\n');
    await execa('git', ['add', '.gitignore', 'b.ts'], { cwd: root });
    expect(await listProjectFiles(root)).toEqual({
      files: ['.gitignore', 'a/c.ts', 'b.ts', 'name with space.md'],
      source: 'git',
    });
  });

  it("never lists Tier 1's own .tier1/ state, even where git would commit it", async () => {
    await execa('git', ['init', '-q'], { cwd: root });
    await write([
      'src/a.ts',
      '.tier1/db/postmaster.pid',
      '.tier1/spool/x.jsonl',
      'pkg/.tier1/lock',
      'docs/.tier1',
    ]);
    expect((await listProjectFiles(root)).files).toEqual(['docs/.tier1', 'src/a.ts']);
    await rm(join(root, '.git'), { recursive: true });
    expect(await listProjectFiles(root)).toEqual({ files: ['docs/.tier1', 'src/a.ts'], source: 'walk' });
  });

  it('walks a folder that is not a repository, minus node_modules, .git, dist and the root .gitignore', async () => {
    await write([
      'src/a.ts',
      'node_modules/x/i.js',
      'dist/i.js',
      'pkg/dist/i.js',
      'tmp/t.txt',
      'keep.env',
      'drop.env',
    ]);
    await writeFile(join(root, '.gitignore'), '/tmp\n*.env\n!keep.env\n');
    expect(await listProjectFiles(root)).toEqual({
      files: ['.gitignore', 'keep.env', 'src/a.ts'],
      source: 'walk',
    });
  });

  it('gives the tracked files first and the untracked ones when git has listed them', async () => {
    await execa('git', ['init', '-q'], { cwd: root });
    await write(['a.ts', 'b.ts', 'new.env']);
    await execa('git', ['add', 'a.ts', 'b.ts'], { cwd: root });
    const parts = await listProjectFileParts(root);
    expect(parts.first).toEqual(['a.ts', 'b.ts']);
    expect(await parts.rest).toEqual(['new.env']);
    expect(parts.source).toBe('git');
  });
});
