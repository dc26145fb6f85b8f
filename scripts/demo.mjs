#!/usr/bin/env node
// The quick start's main job, on the embedded store: check a project, feed Claude Code hook
// payloads through tier1-hook as Claude Code would, drain the hook's spool, show the trail.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const tier1 = fileURLToPath(new URL('../apps/cli/bin/tier1.mjs', import.meta.url));
const tier1Hook = fileURLToPath(new URL('../apps/hook-runner/bin/tier1-hook.cjs', import.meta.url));
// The embedded default: a DATABASE_URL in the caller's environment would send the demo elsewhere.
const { DATABASE_URL: _ignored, ...callerEnv } = process.env;
// Claude Code runs hooks with CLAUDE_PROJECT_DIR set to the project: here, this checkout.
const env = { ...callerEnv, CLAUDE_PROJECT_DIR: root };

function step(title, program, args, { input, allowExit = [0] } = {}) {
  process.stdout.write(
    `\n\x1b[1m▶ ${title}\x1b[0m\n$ ${[program === process.execPath ? 'node' : program, ...args].join(' ')}\n`,
  );
  const run = spawnSync(program, args, {
    cwd: root,
    env,
    input,
    stdio: [input ? 'pipe' : 'ignore', 'inherit', 'inherit'],
  });
  if (!allowExit.includes(run.status)) {
    process.stderr.write(`demo: "${title}" exited ${run.status ?? run.signal}\n`);
    process.exit(1);
  }
}

const payload = (name) => readFileSync(new URL(`../examples/hook-payloads/${name}`, import.meta.url));

step('Is everything in order?', process.execPath, [tier1, 'doctor'], { allowExit: [0, 1] });
step('Create the embedded event store (PGlite under .tier1/)', process.execPath, [tier1, 'db', 'migrate']);
step(
  'Production readiness of examples/sample-service',
  process.execPath,
  [tier1, 'check', 'examples/sample-service'],
  {
    allowExit: [0, 1],
  },
);
step(
  'Claude Code updates its todo list (PostToolUse TodoWrite → tier1-hook)',
  process.execPath,
  [tier1Hook],
  {
    input: payload('1-todo-write.json'),
  },
);
step('Claude Code commits (PostToolUse Bash → tier1-hook answers on stdout)', process.execPath, [tier1Hook], {
  input: payload('2-bash-git-commit.json'),
});
step("Move the hook's spooled events into the store", process.execPath, [tier1, 'events', 'drain']);
step('The audit trail', process.execPath, [tier1, 'events', 'list', '--limit', '10']);
step('Success rate by component', process.execPath, [tier1, 'events', 'stats']);
process.stdout.write('\nDone. Explore with: pnpm tier1 events --help\n');
