import { PassThrough, Readable } from 'node:stream';
import { createContext } from './command';
import { runCli } from './run-cli';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `tier1 <argv>` in-process with captured output, as the commands' tests do. */
export async function runCliForTest(
  argv: string[],
  options: { cwd: string; env?: Record<string, string | undefined>; stdin?: string },
): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
  stdout.on('data', (chunk: Buffer) => chunks.stdout.push(chunk));
  stderr.on('data', (chunk: Buffer) => chunks.stderr.push(chunk));
  const code = await runCli(
    argv,
    createContext({
      cwd: options.cwd,
      env: options.env ?? {},
      stdin: Readable.from(options.stdin === undefined ? [] : [options.stdin]),
      stdout,
      stderr,
    }),
  );
  return {
    code,
    stdout: Buffer.concat(chunks.stdout).toString(),
    stderr: Buffer.concat(chunks.stderr).toString(),
  };
}
