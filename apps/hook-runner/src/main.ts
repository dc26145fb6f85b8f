import { type N8nLayer, runHook, type SecretRulesLayer } from '@tier1/hooks';
import { FileDescriptorReader } from './file-descriptor-reader';
import { writeFileDescriptor } from './file-descriptor-writer';

/*
 * The `tier1-hook` process: Claude Code starts it for each configured hook event with the
 * input on stdin (the hooks reference, linked in docs/hook-runner.md). Claude Code runs hooks in the
 * project directory and sets CLAUDE_PROJECT_DIR to it.
 *
 * bin/tier1-hook.cjs calls this from a CommonJS bundle (dist/hook/main.cjs): Node's ES module
 * loader costs a fresh process about 5 ms, and the bin knows where the bundles of the n8n layer
 * and of the project's secret rules are.
 * It reads fd 0 and writes fds 1 and 2 directly: the process.stdin/stdout/stderr streams cost
 * more to build (node:net, node:stream) than the whole of a hook call's own work.
 */
export async function runHookProcess(
  loadN8nLayer: () => N8nLayer | Promise<N8nLayer>,
  loadSecretRules: () => SecretRulesLayer,
): Promise<void> {
  // A closed stdout means Claude Code stopped listening (timed out or exited): no one is left to answer.
  const stdout = writeFileDescriptor(1);
  const stderr = writeFileDescriptor(2);
  const stdin = new FileDescriptorReader(0);
  try {
    await runHook({
      stdin,
      stdout,
      stderr,
      env: process.env,
      cwd: process.env.CLAUDE_PROJECT_DIR || process.cwd(),
      loadN8nLayer,
      loadSecretRules,
    });
  } catch (error) {
    stderr.write(`tier1-hook: unexpected failure: ${(error as Error).message}\n`);
  }
  // Writes were synchronous, so the answer is out. A stdin whose writer never closed it (the hook
  // gave up on it after TIER1_HOOK_STDIN_TIMEOUT_MS, said so and recorded it) still has a read in
  // progress, which process.exit would wait for as long as the writer lives: end without waiting.
  if (stdin.readInProgress) process.kill(process.pid, 'SIGKILL');
  process.exit(0);
}
