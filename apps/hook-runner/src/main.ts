import { writeFileDescriptor } from './file-descriptor-writer';
import { runHook } from './run-hook';

/*
 * The `tier1-hook` process: Claude Code starts it for each configured hook event with the
 * input on stdin (https://code.claude.com/docs/en/hooks). Claude Code runs hooks in the
 * project directory and sets CLAUDE_PROJECT_DIR to it. It writes to fds 1 and 2 directly: the
 * process.stdout/stderr streams cost more to build than writing the answer. stdin stays a stream,
 * because a read of a pipe that never closes must be abandonable, and a pending thread-pool read
 * would keep the process from exiting.
 */

const N8N_LAYER = new URL('./n8n-layer.js', import.meta.url).href;

async function main(): Promise<void> {
  // A closed stdout means Claude Code stopped listening (timed out or exited): no one is left to answer.
  const stdout = writeFileDescriptor(1);
  const stderr = writeFileDescriptor(2);
  try {
    await runHook({
      stdin: process.stdin,
      stdout,
      stderr,
      env: process.env,
      cwd: process.env.CLAUDE_PROJECT_DIR || process.cwd(),
      // A computed specifier: the bundler leaves it alone, so the n8n layer stays a separate file.
      loadN8nLayer: () => import(N8N_LAYER),
    });
  } catch (error) {
    stderr.write(`tier1-hook: unexpected failure: ${(error as Error).message}\n`);
  }
  // Writes were synchronous, so the answer is out; exit even if a stdin that never closed still
  // holds the event loop.
  process.exit(0);
}

void main();
