import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useTempDirectories } from '@tier1/core/testing';
import { describe, expect, it } from 'vitest';
import { prepareTier1Home, Tier1HomeError } from './tier1-home';

const tempDirectory = useTempDirectories('tier1-home-');

describe('prepareTier1Home', () => {
  it('makes the home with a .gitignore that keeps all of it out of git', () => {
    const project = tempDirectory();
    execFileSync('git', ['init', '-q'], { cwd: project });
    const home = join(project, '.tier1');
    prepareTier1Home(home);
    mkdirSync(join(home, 'spool'));
    writeFileSync(join(home, 'spool', 'a.jsonl'), '{}\n');
    const status = execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: project });
    expect(status.toString()).toBe('');
  });

  it('keeps a .gitignore the user changed, and makes nested homes', () => {
    const home = join(tempDirectory(), 'a', 'b', '.tier1');
    prepareTier1Home(home);
    writeFileSync(join(home, '.gitignore'), 'mine\n');
    prepareTier1Home(home);
    expect(readFileSync(join(home, '.gitignore'), 'utf8')).toBe('mine\n');
  });

  it('names a home that is a file, and the fix', () => {
    const home = join(tempDirectory(), '.tier1');
    writeFileSync(home, 'oops');
    let caught: unknown;
    try {
      prepareTier1Home(home);
    } catch (error) {
      caught = error;
    }
    expect(Tier1HomeError.isInstance(caught)).toBe(true);
    expect(caught).toMatchObject({ code: 'TIER1_HOME_NOT_A_FOLDER' });
    expect((caught as Error).message).toContain(`${home} is a file`);
  });
});
