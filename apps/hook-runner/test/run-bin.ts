import { execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const BIN = fileURLToPath(new URL('../bin/tier1-hook.cjs', import.meta.url));

/**
 * Builds dist/ (the bin's bundles) with the package's own build script: the tests run what
 * ships. TIER1_HOOK_TEST_PREBUILT=1 skips it when dist/ was just built from the same sources.
 */
export async function buildBin(): Promise<void> {
  if (process.env.TIER1_HOOK_TEST_PREBUILT === '1') return;
  // Asynchronous: a build blocking the test worker for a minute starves vitest's own messages.
  await promisify(execFile)('pnpm', ['-s', 'run', 'build'], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
  });
}

export interface BinRun {
  code: number | null;
  /** The signal that ended the process, when one did. */
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built tier1-hook the way Claude Code does: a new node process, the input on stdin.
 * `input: null` closes stdin without writing; `keepOpen` writes and never closes it.
 */
export function runBin(
  input: string | Buffer | null,
  env: Record<string, string>,
  options: { keepOpen?: boolean; cwd?: string; bin?: string; nodeArgs?: string[] } = {},
): Promise<BinRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), options.bin ?? BIN], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    // The hook may stop reading a huge input and exit: the rest of the write fails with EPIPE.
    child.stdin.on('error', () => {});
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    if (input !== null) child.stdin.write(input);
    if (!options.keepOpen) child.stdin.end();
  });
}

export interface SpooledEvent {
  uid: string;
  eventType: string;
  status: string;
  evidence: Record<string, unknown>;
  detectedFrom: string;
  metadata: Record<string, unknown> | null;
  sessionId: string | null;
  projectId: string;
}

/** Every event in a home's spool, oldest segment first. */
export function readSpool(home: string): SpooledEvent[] {
  const directory = join(home, 'spool');
  if (!existsSync(directory)) return [];
  return readdirSync(directory)
    .filter((name) => /\.jsonl(\.open)?$/.test(name))
    .sort()
    .flatMap((name) =>
      readFileSync(join(directory, name), 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as SpooledEvent),
    );
}
