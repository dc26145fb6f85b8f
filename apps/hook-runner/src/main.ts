import { runHook } from './run-hook';

/*
 * The `tier1-hook` process: Claude Code starts it for each configured hook event with the
 * input on stdin (https://code.claude.com/docs/en/hooks). Claude Code runs hooks in the
 * project directory and sets CLAUDE_PROJECT_DIR to it.
 */
process.stdout.on('error', () => {
  // Claude Code stopped listening (it timed out or exited): there is no one left to answer.
});

const N8N_LAYER = new URL('./n8n-layer.js', import.meta.url).href;

async function main(): Promise<void> {
  try {
    await runHook({
      stdin: process.stdin,
      stdout: process.stdout,
      stderr: process.stderr,
      env: process.env,
      cwd: process.env.CLAUDE_PROJECT_DIR || process.cwd(),
      // A computed specifier: the bundler leaves it alone, so the n8n layer stays a separate file.
      loadN8nLayer: () => import(N8N_LAYER),
    });
  } catch (error) {
    process.stderr.write(`tier1-hook: unexpected failure: ${(error as Error).message}\n`);
  }
  // Exit once stdout is flushed, even if a stdin that never closed still holds the event loop.
  process.stdout.write('', () => process.exit(0));
}

void main();
