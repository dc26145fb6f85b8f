// Reads at 1,000,000 rows: getEvents with filters, a deep cursor page, getEventTimeline,
// correlateEvents, on PostgreSQL and PGlite. Prints p50/p95 per query (target p95 <= 10 ms) and
// the plan line of the same SQL, to show which index serves it. The rows are made server-side
// (INSERT … SELECT over generate_series): 30 days of events, 20 projects, 8 type/status pairs.
// Build first: pnpm -s turbo run build --filter=@tier1/events
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { benchOnLoadedStores, percentile, SYNTHETIC_TRAIL } from '../../../scripts/store-bench-support.mjs';

const { openAutomationHub } = await import(new URL('../dist/index.js', import.meta.url).href);

const TARGET_P95_MS = 10;
const ROWS = Number(process.env.TIER1_BENCH_ROWS ?? 1_000_000);
const LOAD_CHUNK = 100_000;
/** PGlite loads a chunk at a time and stops when this is spent, saying how many rows it has. */
const LOAD_BUDGET_MS = 110_000;
const ITERATIONS = 150;
const WARMUP = 15;
const DAY_MS = 24 * 60 * 60 * 1000;

const { spanMs: SPAN_MS, sessionEvents: SESSION_EVENTS } = SYNTHETIC_TRAIL;
/** How many rows the store being timed holds (the PGlite load may stop at its budget). */
let loadedRows = ROWS;

const random = (n) => Math.floor(Math.random() * n);
const project = () => `project-${random(20)}`;
const pastTime = () => new Date(Date.now() - random(SPAN_MS - DAY_MS) - DAY_MS);

/** The queries, each as the hub call and the SQL the hub sends for it (for EXPLAIN). */
function queries(hub, deepCursor) {
  const iso = (date) => `'${date.toISOString()}'`;
  const order = 'order by created_at desc, id desc limit 51';
  return [
    {
      name: 'getEvents type+project',
      run: () => hub.getEvents({ projectId: project(), eventType: 'n8n_failure_detected' }),
      sql: `select * from automation_events where event_type = 'n8n_failure_detected' and project_id = 'project-3' ${order}`,
    },
    {
      name: 'getEvents project',
      run: () => hub.getEvents({ projectId: project() }),
      sql: `select * from automation_events where project_id = 'project-3' ${order}`,
    },
    {
      name: 'getEvents status',
      run: () => hub.getEvents({ status: 'pending_review' }),
      sql: `select * from automation_events where status = 'pending_review' ${order}`,
    },
    {
      name: 'getEvents time range (1 h)',
      run: () => {
        const since = pastTime();
        return hub.getEvents({ since, until: new Date(since.getTime() + 60 * 60 * 1000) });
      },
      sql: (() => {
        const since = pastTime();
        return `select * from automation_events where created_at >= ${iso(since)} and created_at < ${iso(new Date(since.getTime() + 3600_000))} ${order}`;
      })(),
    },
    {
      name: 'getEvents cursor page 20',
      run: () =>
        hub.getEvents({ projectId: 'project-3', eventType: 'production_check', cursor: deepCursor.cursor }),
      sql: `select * from automation_events where event_type = 'production_check' and project_id = 'project-3' and (created_at, id) < ('${deepCursor.createdAt}'::timestamptz, ${deepCursor.id}) ${order}`,
    },
    {
      name: 'getEvents session',
      run: () => hub.getEvents({ sessionId: `session-${random(ROWS / SESSION_EVENTS)}` }),
      sql: `select * from automation_events where session_id = 'session-1234' ${order}`,
    },
    {
      name: 'correlateEvents',
      run: () => hub.correlateEvents(1 + random(loadedRows)),
      sql: `select * from automation_events where id <> 4242 and (correlated_with @> array['0190a5b2-7c3d-7e4f-8a1b-2c3d4e5f6a7b']::uuid[]
        or (session_id = 'session-106' and created_at >= now() - interval '10 days 1 hour' and created_at < now() - interval '9 days 23 hours'))
        order by created_at, id limit 1000`,
    },
    {
      name: 'getEventTimeline 24 h',
      run: () => hub.getEventTimeline(project(), 24),
      sql: `select * from automation_events where project_id = 'project-3' and created_at >= now() - interval '24 hours' order by created_at desc, id desc limit 1001`,
    },
    {
      name: 'getEventTimeline 1 h',
      run: () => hub.getEventTimeline(project(), 1),
      sql: `select * from automation_events where project_id = 'project-3' and created_at >= now() - interval '1 hour' order by created_at desc, id desc limit 1001`,
    },
  ];
}

/** The plan's scan lines (which index feeds the query) and the server's planning and execution time. */
function planSummary(lines) {
  const scans = lines
    .map((line) => line.trim().replace(/^->\s*/, ''))
    .filter((line) => /Scan|Sort/.test(line) && !/^(Sort (Key|Method)|Full-sort|Pre-sorted)/.test(line));
  const time = (label) => lines.find((line) => line.startsWith(label))?.replace(`${label}: `, '') ?? '?';
  const scanLine = scans.map((line) => line.replace(/\s+\(cost=.*$/, '')).join(' <- ');
  return `${scanLine} | server: planning ${time('Planning Time')}, execution ${time('Execution Time')}`;
}

const EXPLAIN = 'explain (analyze, costs off, timing off)';

async function measure(hub, backend) {
  // The cursor 20 pages deep (or as deep as the rows go) into one project's production checks.
  let deepCursor;
  for (let depth = 0; depth < 20; depth += 1) {
    const page = await hub.getEvents({
      projectId: 'project-3',
      eventType: 'production_check',
      cursor: deepCursor?.cursor,
    });
    const last = page.events.at(-1);
    if (!page.nextCursor || !last) break;
    deepCursor = { cursor: page.nextCursor, createdAt: last.createdAt.toISOString(), id: last.id };
  }
  let met = true;
  for (const query of queries(hub, deepCursor)) {
    const times = [];
    for (let iteration = 0; iteration < WARMUP + ITERATIONS; iteration += 1) {
      const started = performance.now();
      await query.run();
      if (iteration >= WARMUP) times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const p95 = percentile(times, 0.95);
    met &&= p95 <= TARGET_P95_MS;
    console.log(
      `${backend.padEnd(9)} ${query.name.padEnd(27)} p50 ${percentile(times, 0.5).toFixed(2).padStart(6)} ms  p95 ${p95.toFixed(2).padStart(6)} ms  ${p95 <= TARGET_P95_MS ? 'met' : 'NOT met'}`,
    );
  }
  return met;
}

console.log(
  `query: ${ITERATIONS} timed calls per query after ${WARMUP} warm-up calls; target p95 <= ${TARGET_P95_MS} ms`,
);

await benchOnLoadedStores(
  { postgres, PGlite, openAutomationHub },
  { rows: ROWS, chunk: LOAD_CHUNK, budgetMs: LOAD_BUDGET_MS },
  {
    // The plans of the same SQL the hub sends, on the loaded store.
    async inspect(query) {
      const plans = [];
      for (const { name, sql } of queries({}, { cursor: '', createdAt: new Date().toISOString(), id: 1 })) {
        const rows = await query(`${EXPLAIN} ${sql}`);
        plans.push(`${name}: ${planSummary(rows.map((row) => row['QUERY PLAN']))}`);
      }
      return plans;
    },
    async measure({ backend, hub, loaded, inspected }) {
      loadedRows = loaded;
      await measure(hub, backend);
      for (const plan of inspected) console.log(`${backend.padEnd(9)} plan ${plan}`);
    },
  },
);
