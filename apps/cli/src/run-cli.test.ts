import { Readable } from 'node:stream';
import { KeywordDetectorOptionsError } from '@tier1/keyword-detector';
import { describe, expect, it, vi } from 'vitest';
import type { Command } from './command';
import { createContext } from './command';
import type { CommandTable } from './commands';
import { runCli } from './run-cli';
import { captureOutput } from './test-cli';

/** One command, `boom`, whose run throws what it is given. */
function throwing(error: unknown): CommandTable {
  const command: Command = {
    usage: 'Usage: tier1 boom',
    run: async () => {
      throw error;
    },
  };
  return { boom: { summary: 'throws', load: async () => ({ default: command }) } };
}

async function run(commands: CommandTable) {
  const stdout = captureOutput();
  const stderr = captureOutput();
  const context = createContext({
    cwd: process.cwd(),
    env: {},
    stdin: Readable.from([]),
    stdout: stdout.stream,
    stderr: stderr.stream,
  });
  const code = await runCli(['boom'], context, commands);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

describe('runCli and the errors a command lets escape', () => {
  it('prints an escaped KeywordDetectorOptionsError as its message and fix, exit 2, no stack', async () => {
    const error = new KeywordDetectorOptionsError(
      [{ field: 'scanWindow.head', problem: 'must be a positive number', hint: 'use e.g. 4096' }],
      '/project/tier1.keywords.json',
    );
    const result = await run(throwing(error));
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'tier1 boom: invalid keyword detector options in /project/tier1.keywords.json: scanWindow.head: must be a positive number\n  fix: use e.g. 4096\n',
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('recognises the error by its marker when it comes from another copy of the class (another bundle)', async () => {
    vi.resetModules();
    const other = await import('@tier1/keyword-detector');
    expect(other.KeywordDetectorOptionsError).not.toBe(KeywordDetectorOptionsError);
    const error = new other.KeywordDetectorOptionsError([
      { field: 'categories', problem: 'is not an object', hint: 'use {}' },
    ]);
    const result = await run(throwing(error));
    expect(result).toMatchObject({ code: 2, stderr: expect.stringContaining('  fix: use {}') });
  });

  it('exits 1 for a Tier1Error that is not the user’s mistake, and rethrows anything else', async () => {
    const { Tier1Error } = await import('@tier1/core');
    const down = new Tier1Error('STORE_UNAVAILABLE', 'the store is down', { hint: 'start PostgreSQL' });
    expect(await run(throwing(down))).toMatchObject({
      code: 1,
      stderr: 'tier1 boom: the store is down\n  fix: start PostgreSQL\n',
    });
    const bug = new TypeError('undefined is not a function');
    await expect(run(throwing(bug))).rejects.toBe(bug);
  });
});
