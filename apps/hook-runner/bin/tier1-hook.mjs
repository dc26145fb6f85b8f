#!/usr/bin/env node
// Claude Code's hook command for Tier 1: see docs/hook-runner.md. The bundle in dist/ is
// built by `pnpm --filter @tier1/hook-runner build`.
import('../dist/hook/main.js').catch((error) => {
  process.stderr.write(
    `tier1-hook: cannot start (${error.message}); build it with: pnpm --filter @tier1/hook-runner build\n`,
  );
  process.exitCode = 0;
});
