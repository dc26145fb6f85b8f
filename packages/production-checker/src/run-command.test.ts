import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isProcessAlive, sleepingTreeScript } from '../test/process-tree';
import { outputTail, runCommand } from './run-command';

describe('runCommand', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('runs an argument array without a shell: metacharacters stay literal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tier1-run-'));
    dirs.push(dir);
    const outcome = await runCommand(
      ['node', '-e', 'console.log(process.argv[1])', '$(touch pwned); touch pwned2'],
      { cwd: dir },
    );
    expect(outcome.exitCode).toBe(0);
    expect(outcome.stdout.trim()).toBe('$(touch pwned); touch pwned2');
    expect(existsSync(join(dir, 'pwned'))).toBe(false);
    expect(existsSync(join(dir, 'pwned2'))).toBe(false);
  });

  it('reports a missing executable as notFound', async () => {
    const outcome = await runCommand(['tier1-no-such-binary-x'], { cwd: tmpdir() });
    expect(outcome.notFound).toBe(true);
  });

  it('kills the whole process tree when aborted, leaving no child running', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tier1-run-'));
    dirs.push(dir);
    const pidFile = join(dir, 'child.pid');
    const controller = new AbortController();
    const running = runCommand(['node', '-e', sleepingTreeScript(pidFile)], {
      cwd: dir,
      signal: controller.signal,
      killGraceMs: 500,
    });
    while (!existsSync(pidFile)) await new Promise((resolve) => setTimeout(resolve, 50));
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    expect(isProcessAlive(grandchild)).toBe(true);
    controller.abort();
    const outcome = await running;
    expect(outcome.aborted).toBe(true);
    expect(outcome.exitCode).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(isProcessAlive(grandchild)).toBe(false);
  });

  it('keeps the last lines of the output', () => {
    expect(outputTail('a\nb\nc\n', 2)).toBe('b\nc');
  });
});
