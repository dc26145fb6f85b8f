import { execFileSync } from 'node:child_process';
import { PassThrough, Readable } from 'node:stream';
import { createContext } from './command';
import { runCli } from './run-cli';

/** The machine's Redis for the tests (TIER1_TEST_REDIS_URL); each test keeps to a key prefix of its own. */
export const TEST_REDIS_URL = process.env.TIER1_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A stream that keeps what is written to it, readable at any time (e.g. while a worker runs). */
export function captureOutput(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer | string) => chunks.push(Buffer.from(chunk)));
  return { stream, text: () => Buffer.concat(chunks).toString() };
}

/** Runs `tier1 <argv>` in-process with captured output, as the commands' tests do. */
export async function runCliForTest(
  argv: string[],
  options: { cwd: string; env?: Record<string, string | undefined>; stdin?: string },
): Promise<CliRun> {
  const stdout = captureOutput();
  const stderr = captureOutput();
  const code = await runCli(
    argv,
    createContext({
      cwd: options.cwd,
      env: options.env ?? {},
      stdin: Readable.from(options.stdin === undefined ? [] : [options.stdin]),
      stdout: stdout.stream,
      stderr: stderr.stream,
    }),
  );
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/**
 * A PostgreSQL database of the test's own on the machine's server (TIER1_TEST_DATABASE_URL),
 * so concurrent runs never meet; `drop()` removes it.
 */
export function createScratchDatabase(): { name: string; url: string; drop: () => void } {
  const adminUrl = process.env.TIER1_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = `tier1_t_${Math.random().toString(36).slice(2, 10)}`;
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  execFileSync('psql', [adminUrl, '-qc', `create database ${name}`]);
  return {
    name,
    url: url.toString(),
    drop: () => execFileSync('psql', [adminUrl, '-qc', `drop database if exists ${name} with (force)`]),
  };
}
