import { stripVTControlCharacters } from 'node:util';

export interface RunCommandOptions {
  cwd: string;
  /** Aborting it stops the command and every process it started. */
  signal?: AbortSignal;
  /** Added to the current environment. */
  env?: Record<string, string | undefined>;
  /** Between SIGTERM and SIGKILL when the command is stopped. */
  killGraceMs?: number;
}

export interface CommandOutcome {
  command: readonly string[];
  /** undefined when the process was killed by a signal or never started. */
  exitCode: number | undefined;
  /** stdout and stderr interleaved. */
  output: string;
  stdout: string;
  stderr: string;
  durationMs: number;
  /** The signal aborted before the command finished. */
  aborted: boolean;
  /** The executable does not exist (ENOENT). */
  notFound: boolean;
}

// Process groups still running: killed if this process exits first, so a Ctrl-C or a crash of
// `tier1 check` never leaves a test runner behind.
const liveGroups = new Set<number>();
let exitHookInstalled = false;

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone, which is the state we want.
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
  });
}

/**
 * While the command runs, an abort stops its whole process group: SIGTERM, then SIGKILL after
 * `killGraceMs`. The returned release kills what is left of the group once the leader has exited.
 */
function guardProcessGroup(
  pid: number | undefined,
  signal: AbortSignal | undefined,
  killGraceMs: number,
): () => void {
  if (pid === undefined) return () => {};
  let forceKill: NodeJS.Timeout | undefined;
  const onAbort = () => {
    killGroup(pid, 'SIGTERM');
    forceKill = setTimeout(() => killGroup(pid, 'SIGKILL'), killGraceMs);
    forceKill.unref();
  };
  installExitHook();
  liveGroups.add(pid);
  signal?.addEventListener('abort', onAbort, { once: true });
  return () => {
    signal?.removeEventListener('abort', onAbort);
    if (forceKill) clearTimeout(forceKill);
    killGroup(pid, 'SIGKILL');
    liveGroups.delete(pid);
  };
}

function abortedBeforeStart(command: readonly string[]): CommandOutcome {
  return {
    command,
    exitCode: undefined,
    output: '',
    stdout: '',
    stderr: '',
    durationMs: 0,
    aborted: true,
    notFound: false,
  };
}

/**
 * Runs one command from an argument array, never through a shell, so no path or configuration
 * value can become a shell command. On POSIX the command leads its own process group: stopping
 * it (abort) sends SIGTERM to the whole group, SIGKILL after `killGraceMs`, and whatever is left
 * of the group when the leader exits is killed too, so test workers and servers a runner started
 * never outlive the check. Windows has no process groups: there execa kills the direct child
 * (`cancelSignal` + `forceKillAfterDelay`).
 */
export async function runCommand(
  command: readonly string[],
  options: RunCommandOptions,
): Promise<CommandOutcome> {
  const [file, ...args] = command;
  if (!file) throw new TypeError('runCommand needs a command');
  // Loaded on first use, before the abort check below (docs/production-checker.md, "Loading").
  const { execa } = await import('execa');
  if (options.signal?.aborted) return abortedBeforeStart(command);
  const started = performance.now();
  const killGraceMs = options.killGraceMs ?? 2000;
  const posix = process.platform !== 'win32';

  const subprocess = execa(file, args, {
    cwd: options.cwd,
    // The environment as CI has it: nothing added (a colour-sensitive suite must see what `npm test` sees).
    env: options.env,
    reject: false,
    stdin: 'ignore',
    all: true,
    stripFinalNewline: false,
    maxBuffer: 20 * 1024 * 1024,
    ...(posix ? { detached: true } : { cancelSignal: options.signal, forceKillAfterDelay: killGraceMs }),
  });
  const release = posix ? guardProcessGroup(subprocess.pid, options.signal, killGraceMs) : () => {};
  try {
    const result = await subprocess;
    return {
      command,
      exitCode: result.exitCode,
      output: String(result.all ?? ''),
      stdout: String(result.stdout ?? ''),
      stderr: String(result.stderr ?? ''),
      durationMs: performance.now() - started,
      aborted: options.signal?.aborted ?? false,
      notFound: (result as { code?: string }).code === 'ENOENT',
    };
  } finally {
    release();
  }
}

/** The last `maxLines` lines of a command's output, for evidence and error messages. */
export function outputTail(output: string, maxLines = 20, maxChars = 2000): string {
  const lines = stripVTControlCharacters(output).trimEnd().split('\n');
  const tail = lines.slice(-maxLines).join('\n');
  return tail.length > maxChars ? tail.slice(-maxChars) : tail;
}
