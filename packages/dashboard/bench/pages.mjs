// The dashboard's pages at 1,000,000 rows, on PostgreSQL and PGlite: the events page (filters,
// a deep cursor page), one session's timeline, the sessions list and an event with its
// correlated events, each a GET to the handler behind a node:http server on loopback. The
// figure is the server's time (the handler's Server-Timing: from the request to the JSON
// written), p95 over CALLS calls, in ROUNDS rounds, so the spread between rounds shows.
// Target: p95 <= 50 ms for the events page and the session timeline. The rows are the events
// benchmark's synthetic trail (scripts/store-bench-support.mjs). Build first:
// pnpm -s turbo run build --filter=@tier1/dashboard...
import { createServer } from 'node:http';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { benchOnLoadedStores, percentile, SYNTHETIC_TRAIL } from '../../../scripts/store-bench-support.mjs';

const { openAutomationHub } = await import('@tier1/events');
const { createDashboardHandler } = await import(new URL('../dist/index.js', import.meta.url).href);

const TARGET_P95_MS = 50;
const ROWS = Number(process.env.TIER1_BENCH_ROWS ?? 1_000_000);
const ROUNDS = 3;
const CALLS = 60;
const WARMUP = 10;

const random = (n) => Math.floor(Math.random() * n);
const project = () => `project-${random(SYNTHETIC_TRAIL.projects)}`;

/** The requests, each a function making a fresh path (random project, session, time, id). */
function requests(deepCursor, rows) {
  const sessions = Math.floor(rows / SYNTHETIC_TRAIL.sessionEvents);
  const hourAgo = () => {
    const since = new Date(Date.now() - random(SYNTHETIC_TRAIL.spanMs - 3_600_000) - 3_600_000);
    return `since=${since.toISOString()}&until=${new Date(since.getTime() + 3_600_000).toISOString()}`;
  };
  return [
    { name: 'events page', target: true, path: () => '/api/events' },
    { name: 'events page, project', target: true, path: () => `/api/events?project=${project()}` },
    {
      name: 'events page, project+type',
      target: true,
      path: () => `/api/events?project=${project()}&type=n8n_failure_detected`,
    },
    { name: 'events page, status', target: true, path: () => '/api/events?status=pending_review' },
    { name: 'events page, 1 h window', target: true, path: () => `/api/events?${hourAgo()}` },
    {
      name: 'events page, cursor p20',
      target: true,
      path: () => `/api/events?project=project-3&type=production_check&cursor=${deepCursor}`,
    },
    {
      name: 'session timeline',
      target: true,
      path: () => `/api/sessions/session-${random(sessions)}/events`,
    },
    { name: 'sessions list', target: false, path: () => '/api/sessions' },
    { name: 'sessions list, project', target: false, path: () => `/api/sessions?project=${project()}` },
    { name: 'event + correlated', target: false, path: () => `/api/events/${1 + random(rows)}` },
    { name: 'checks, project', target: false, path: () => `/api/checks?project=${project()}` },
    { name: 'events per hour, 24 h', target: false, path: () => '/api/hourly' },
  ];
}

async function serve(hub) {
  const dashboard = createDashboardHandler({ hub });
  const server = createServer(async (request, response) => {
    if (!(await dashboard.handle(request, response))) response.writeHead(404).end();
  });
  await new Promise((listening) => server.listen(0, '127.0.0.1', listening));
  return {
    base: `http://127.0.0.1:${server.address().port}`,
    async close() {
      await dashboard.close();
      server.closeAllConnections();
      await new Promise((closed) => server.close(closed));
    },
  };
}

/** GETs `path`; returns the server's time from Server-Timing. */
async function serverTime(base, path) {
  const response = await fetch(`${base}${path}`);
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`${path}: HTTP ${response.status}`);
  return Number(/dur=([\d.]+)/.exec(response.headers.get('server-timing') ?? '')?.[1]);
}

async function measure(hub, backend, rows) {
  const { base, close } = await serve(hub);
  try {
    let cursor = '';
    for (let depth = 0; depth < 20; depth += 1) {
      const page = await (
        await fetch(
          `${base}/api/events?project=project-3&type=production_check${cursor ? `&cursor=${cursor}` : ''}`,
        )
      ).json();
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    let met = true;
    for (const request of requests(cursor, rows)) {
      const p95s = [];
      const p50s = [];
      for (let round = 0; round < ROUNDS; round += 1) {
        const times = [];
        for (let call = 0; call < WARMUP + CALLS; call += 1) {
          const time = await serverTime(base, request.path());
          if (call >= WARMUP) times.push(time);
        }
        times.sort((a, b) => a - b);
        p50s.push(percentile(times, 0.5));
        p95s.push(percentile(times, 0.95));
      }
      const worst = Math.max(...p95s);
      if (request.target) met &&= worst <= TARGET_P95_MS;
      const spread = (values) => `${Math.min(...values).toFixed(1)}-${Math.max(...values).toFixed(1)}`;
      console.log(
        `${backend.padEnd(9)} ${request.name.padEnd(26)} p50 ${spread(p50s).padStart(11)} ms  p95 ${spread(p95s).padStart(11)} ms  ${request.target ? (worst <= TARGET_P95_MS ? 'met' : 'NOT met') : '(no target)'}`,
      );
    }
    return met;
  } finally {
    await close();
  }
}

console.log(
  `pages: server time (Server-Timing) of ${CALLS} calls per request after ${WARMUP} warm-up calls, ${ROUNDS} rounds; ` +
    `p50 and p95 given as the range over the rounds; target p95 <= ${TARGET_P95_MS} ms`,
);

await benchOnLoadedStores(
  { postgres, PGlite, openAutomationHub },
  { rows: ROWS },
  { measure: ({ backend, hub, loaded }) => measure(hub, backend, loaded) },
);
