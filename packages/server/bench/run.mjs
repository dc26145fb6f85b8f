// pnpm bench (packages/server): tier1 serve's targets, measured side by side in one run.
//   1. a CLI read (`tier1 events list`) through a running server: p50 <= 3 x `node -e ""`
//   2. an HTTP hook answered by the server: p50 <= 0.2 x the p50 of `node -e ""`
//   3. hook exit to event stored (and visible to every reader): p95 <= 1 s
//   4. the events page and a session timeline at 1,000,000 rows through the server's socket:
//      p95 <= 50 ms (client-side, so transport included)
// Real processes throughout: the built tier1 and tier1-hook bins, a detached tier1 serve.
// Set BENCH_ROWS to change the size of step 4 (default 1,000,000).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openAutomationHub } from '@tier1/events';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const tier1 = join(root, 'apps', 'cli', 'bin', 'tier1.mjs');
const hookBin = join(root, 'apps', 'hook-runner', 'bin', 'tier1-hook.cjs');
const rows = Number(process.env.BENCH_ROWS ?? 1_000_000);
const project = mkdtempSync(join(tmpdir(), 'tier1-serve-bench-'));
const env = { PATH: process.env.PATH, TIER1_SERVER_PORT: '0', TIER1_PROJECT_ID: 'bench' };

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const ms = (value) => `${value.toFixed(value < 10 ? 2 : 1)} ms`;

function timeProcess(file, args, input) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(file, args, { cwd: project, env, stdio: ['pipe', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve(performance.now() - started)
        : reject(new Error(`${args.join(' ')} exited ${code}`)),
    );
    child.stdin.end(input);
  });
}

function post(url, body) {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json' } },
      (response) => {
        response.resume();
        response.on('end', resolve);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

function hookPayload(sessionId) {
  return JSON.stringify({
    session_id: sessionId,
    transcript_path: join(project, 't.jsonl'),
    cwd: project,
    hook_event_name: 'PostToolUse',
    tool_name: 'Bash',
    tool_input: { command: 'npm test' },
    tool_response: { stdout: 'Tests: 12 passed, 12 total', stderr: '' },
  });
}

async function interleaved(runs, steps) {
  const times = Object.fromEntries(Object.keys(steps).map((name) => [name, []]));
  for (let run = 0; run < runs; run++) {
    for (const [name, step] of Object.entries(steps)) times[name].push(await step(run));
  }
  return times;
}

async function main() {
  execFileSync(process.execPath, [tier1, 'serve', '--detach'], { cwd: project, env });
  const server = JSON.parse(readFileSync(join(project, '.tier1', 'server.json'), 'utf8'));
  const hub = await openAutomationHub({ served: { url: server.storeUrl, store: server.store } });
  try {
    // 1 and 2, interleaved so the machine's load falls on both alike.
    const startup = await interleaved(15, {
      'node -e ""': () => timeProcess(process.execPath, ['-e', '']),
      'tier1 events list (through tier1 serve)': () =>
        timeProcess(process.execPath, [tier1, 'events', 'list']),
    });
    const http = [];
    for (let run = 0; run < 200; run++) {
      const started = performance.now();
      await post(`${server.url}/tier1-hook`, hookPayload(`bench-http-${run % 10}`));
      http.push(performance.now() - started);
    }
    const node50 = percentile(startup['node -e ""'], 50);
    const list50 = percentile(startup['tier1 events list (through tier1 serve)'], 50);
    const http50 = percentile(http, 50);

    // 3. A command hook writes to the spool and exits; the server drains it and the dashboard's
    //    live stream (server-sent events) delivers it to a subscriber of that session.
    const visible = [];
    for (let run = 0; run < 20; run++) {
      const sessionId = `bench-live-${run}`;
      const seen = liveEvent(`${server.url}/api/stream?session=${sessionId}`, sessionId);
      await new Promise((resolve) => setTimeout(resolve, 100)); // the stream is open
      await timeProcess(process.execPath, [hookBin], hookPayload(sessionId));
      const exited = performance.now();
      await seen.arrived;
      visible.push(seen.at() - exited);
    }

    // 4. Fill to `rows` events in SQL (100 a session), then page as the dashboard does.
    const sessions = Math.max(1, Math.floor(rows / 100));
    for (let start = 0; start < rows; start += 100_000) {
      await sqlFill(server.storeUrl, start, Math.min(rows, start + 100_000), sessions);
    }
    const page = [];
    const timeline = [];
    let cursor = null;
    for (let run = 0; run < 60; run++) {
      let started = performance.now();
      const result = await hub.getEvents({ limit: 50, ...(cursor ? { cursor } : {}) });
      page.push(performance.now() - started);
      cursor = run % 10 === 9 ? null : result.nextCursor;
      started = performance.now();
      await hub.getEvents({ sessionId: `sess-${(run * 7919) % sessions}`, limit: 1000 });
      timeline.push(performance.now() - started);
    }

    const rowsOut = [
      ['node -e ""', startup['node -e ""'], ''],
      [
        'tier1 events list via tier1 serve',
        startup['tier1 events list (through tier1 serve)'],
        `${(list50 / node50).toFixed(2)} x node (target <= 3)`,
      ],
      ['HTTP hook answered by tier1 serve', http, `${(http50 / node50).toFixed(3)} x node (target <= 0.2)`],
      ['command hook exit -> event in live stream', visible, 'p95 target <= 1000 ms'],
      [`events page (50) at ${rows} rows`, page, 'p95 target <= 50 ms'],
      [`session timeline (100 events) at ${rows} rows`, timeline, 'p95 target <= 50 ms'],
    ];
    console.log(`tier1 serve benchmarks (${new Date().toISOString()}, ${server.store})`);
    for (const [name, values, note] of rowsOut) {
      console.log(
        `${name.padEnd(44)} p50 ${ms(percentile(values, 50)).padStart(10)}  p95 ${ms(percentile(values, 95)).padStart(10)}  ${note}`,
      );
    }
  } finally {
    await hub.close();
    execFileSync(process.execPath, [tier1, 'serve', 'stop'], { cwd: project, env });
    rmSync(project, { recursive: true, force: true });
  }
}

/** Subscribes to the dashboard's live stream; `at()` is when the session's event arrived. */
function liveEvent(url, sessionId) {
  let arrivedAt = 0;
  const arrived = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no live event for ${sessionId} in 10 s`)), 10_000);
    const stream = request(url, (response) => {
      let text = '';
      response.on('data', (chunk) => {
        text += chunk;
        if (arrivedAt === 0 && text.includes(`"${sessionId}"`)) {
          arrivedAt = performance.now();
          clearTimeout(timer);
          response.destroy();
          resolve();
        }
      });
    });
    stream.on('error', () => {});
    stream.end();
  });
  return { arrived, at: () => arrivedAt };
}

async function sqlFill(url, from, to, sessions) {
  const { default: postgres } = await import('postgres');
  const sql = postgres(url, { prepare: false, max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(
      `insert into automation_events (uid, event_type, project_id, status, evidence, detected_from, session_id, created_at)
       select gen_random_uuid(), 'no_action_taken', 'bench', 'skipped', '{"tool_name": "bash"}'::jsonb, 'hook',
              'sess-' || (i % ${sessions}), now() - (i || ' seconds')::interval
       from generate_series(${from}, ${to - 1}) as i`,
    );
  } finally {
    await sql.end();
  }
}

await main();
