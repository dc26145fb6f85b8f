import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { outputTail, runCommand } from './run-command';

// A killed process whose parent died stays a zombie until PID 1 reaps it: dead, but signal 0
// still reaches it. /proc tells the difference on Linux.
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return process.platform !== 'linux';
  }
}

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
    // The command starts a grandchild that would sleep for a minute, then sleeps itself.
    const script = `
      const { spawn } = require('node:child_process');
      const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
      require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, String(child.pid));
      setTimeout(() => {}, 60000);
    `;
    const controller = new AbortController();
    const running = runCommand(['node', '-e', script], {
      cwd: dir,
      signal: controller.signal,
      killGraceMs: 500,
    });
    while (!existsSync(pidFile)) await new Promise((resolve) => setTimeout(resolve, 50));
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    expect(isAlive(grandchild)).toBe(true);
    controller.abort();
    const outcome = await running;
    expect(outcome.aborted).toBe(true);
    expect(outcome.exitCode).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(isAlive(grandchild)).toBe(false);
  });

  it('keeps the last lines of the output', () => {
    expect(outputTail('a\nb\nc\n', 2)).toBe('b\nc');
  });
});
