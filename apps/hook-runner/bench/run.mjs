// Hook latency, end to end as Claude Code runs it: a new node process per call, the input on
// stdin, the event durably spooled (fsync'd) before the process exits. Baseline: `node -e ""`,
// measured in the same run, interleaved with the hook so both see the same machine load.
// Target (issue 3): hook p50 <= 1.5 x baseline p50 and hook p95 <= 2 x baseline p50.
// Run after `pnpm -s turbo run build --filter=@tier1/hook-runner...`. Exits non-zero only on a crash.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const WARMUP = 5;
const bin = fileURLToPath(new URL('../bin/tier1-hook.cjs', import.meta.url));
if (!existsSync(fileURLToPath(new URL('../dist/hook/main.cjs', import.meta.url)))) {
  console.error(
    'bench: dist/hook/main.cjs is missing; run pnpm -s turbo run build --filter=@tier1/hook-runner... first',
  );
  process.exit(1);
}

const home = mkdtempSync(join(tmpdir(), 'tier1-hook-bench-'));
const env = { PATH: process.env.PATH ?? '', TIER1_HOME: home, TIER1_PROJECT_ID: 'bench' };
// The common case: a Bash call whose output completes nothing (read, judged, no_action_taken spooled).
const payload = JSON.stringify({
  session_id: 'bench-session',
  transcript_path: '/tmp/bench.jsonl',
  cwd: home,
  hook_event_name: 'PostToolUse',
  tool_name: 'Bash',
  tool_input: { command: 'ls -la src', description: 'List files' },
  tool_response: {
    stdout: 'total 24\n-rw-r--r-- 1 u u 1200 index.ts\n-rw-r--r-- 1 u u 800 retry.ts\n',
    stderr: '',
    interrupted: false,
    isImage: false,
  },
  tool_use_id: 'toolu_bench',
  duration_ms: 12,
});

function time(args, input) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { input, env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  if (result.stderr) throw new Error(`the hook wrote to stderr: ${result.stderr}`);
  return ms;
}

function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

try {
  const baseline = [];
  const hook = [];
  for (let i = 0; i < WARMUP + RUNS; i += 1) {
    const b = time(['-e', '']);
    const h = time([bin], payload);
    if (i >= WARMUP) {
      baseline.push(b);
      hook.push(h);
    }
  }
  const spooled = readdirSync(join(home, 'spool'))
    .filter((name) => name.endsWith('.jsonl'))
    .reduce(
      (count, name) =>
        count +
        readFileSync(join(home, 'spool', name), 'utf8')
          .split('\n')
          .filter(Boolean).length,
      0,
    );
  if (spooled !== WARMUP + RUNS)
    throw new Error(`expected ${WARMUP + RUNS} spooled events, found ${spooled}`);

  const base50 = quantile(baseline, 0.5);
  const hook50 = quantile(hook, 0.5);
  const hook95 = quantile(hook, 0.95);
  const p50Ratio = hook50 / base50;
  const p95Ratio = hook95 / base50;
  const row = (name, values) =>
    `${name.padEnd(26)} p50 ${quantile(values, 0.5).toFixed(1).padStart(7)} ms   p95 ${quantile(values, 0.95).toFixed(1).padStart(7)} ms   min ${Math.min(
      ...values,
    )
      .toFixed(1)
      .padStart(7)} ms`;
  console.log(
    `hook latency, ${RUNS} runs each, interleaved (node ${process.version}, ${spooled} events spooled and fsync'd)`,
  );
  console.log(row('node -e "" (baseline)', baseline));
  console.log(row('tier1-hook PostToolUse', hook));
  console.log(`p50 ratio ${p50Ratio.toFixed(2)} (target <= 1.5): ${p50Ratio <= 1.5 ? 'met' : 'MISSED'}`);
  console.log(
    `p95 / baseline p50 ${p95Ratio.toFixed(2)} (target <= 2.0): ${p95Ratio <= 2 ? 'met' : 'MISSED'}`,
  );
} finally {
  rmSync(home, { recursive: true, force: true });
}
