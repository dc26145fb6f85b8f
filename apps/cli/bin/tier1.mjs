#!/usr/bin/env node
import { existsSync } from 'node:fs';

const entry = new URL('../dist/index.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('tier1: the CLI is not built yet\n  fix: run pnpm build in the Tier 1 checkout\n');
  process.exit(2);
}
// `tier1 events list | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const { runCli } = await import(entry.href);
try {
  process.exitCode = await runCli(process.argv.slice(2));
} catch (error) {
  // Only a bug in Tier 1 gets here: user mistakes are Tier1Errors, reported without a stack.
  process.stderr.write(
    `tier1: internal error: ${error?.stack ?? error}\n  please report it with the command you ran\n`,
  );
  process.exitCode = 1;
}
