import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tier1Error } from '@tier1/core';

/** The home's own ignore file: `.tier1/` lands in the user's project and must never be committed. */
const GITIGNORE = "# Tier 1's local state (embedded store, spool, session mirrors): never committed.\n*\n";

/** The home (`TIER1_HOME`, by default `<project>/.tier1`) exists but is not a folder. */
export class Tier1HomeError extends Tier1Error {
  constructor(home: string) {
    super(
      'TIER1_HOME_NOT_A_FOLDER',
      `${home} is a file, but Tier 1 keeps its local state in a folder there`,
      {
        hint: `move the file away (mv ${home} ${home}.bak), or set TIER1_HOME to a folder`,
      },
    );
  }
}

/**
 * Makes Tier 1's home, with a `.gitignore` that ignores the home itself, before anything is
 * written into it. Cheap when it is there already (one failed exclusive create). A home that is
 * a file gets a Tier1HomeError naming it, not a bare ENOTDIR from deep in a driver.
 */
export function prepareTier1Home(home: string): void {
  try {
    writeFileSync(join(home, '.gitignore'), GITIGNORE, { flag: 'wx' });
    return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    if (code === 'ENOTDIR') throw new Tier1HomeError(home);
    if (code !== 'ENOENT') throw error;
  }
  try {
    mkdirSync(home, { recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR' || !statSync(home).isDirectory())
      throw new Tier1HomeError(home);
    throw error;
  }
  writeFileSync(join(home, '.gitignore'), GITIGNORE, { flag: 'w' });
}
