import { readFileSync } from 'node:fs';

/**
 * Node code for `node -e` that starts a grandchild sleeping for two minutes, writes the
 * grandchild's pid to `pidFile`, then sleeps itself: a command whose whole process tree a
 * timeout must kill.
 */
export function sleepingTreeScript(pidFile: string): string {
  return `
    const { spawn } = require('node:child_process');
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 120000)'], { stdio: 'ignore' });
    require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, String(child.pid));
    setTimeout(() => {}, 120000);
  `;
}

/**
 * Whether a process still runs. A killed process whose parent died stays a zombie until PID 1
 * reaps it: dead, but signal 0 still reaches it, so on Linux /proc/<pid>/stat decides (Z).
 */
export function isProcessAlive(pid: number): boolean {
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
