// Shared by the store benchmarks (packages/events/bench, packages/dashboard/bench): fresh stores
// on both backends, a synthetic trail of a million events made server-side, and percentiles.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ADMIN_DATABASE_URL =
  process.env.TIER1_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * A fresh PostgreSQL database tier1_t_<random>, or `{ unavailable }` (the reason) when the server
 * is unreachable. `postgres` is the caller's postgres.js: this folder has no dependencies of its own.
 */
async function createBenchDatabase(postgres) {
  const admin = postgres(ADMIN_DATABASE_URL, { max: 1, connect_timeout: 3, onnotice: () => {} });
  const name = `tier1_t_${randomBytes(6).toString('hex')}`;
  try {
    await admin.unsafe(`create database ${name}`);
  } catch (error) {
    return { unavailable: error.message };
  } finally {
    await admin.end({ timeout: 1 });
  }
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const again = postgres(ADMIN_DATABASE_URL, { max: 1, onnotice: () => {} });
      await again.unsafe(`drop database if exists ${name} with (force)`);
      await again.end();
    },
  };
}

/**
 * Runs `use({ hub, client })` on a fresh PostgreSQL database: the migrated hub, and a raw
 * postgres.js client of the same database; then closes both and drops the database. When the
 * server is unreachable it says so and runs nothing. `drivers` are the caller's postgres.js and
 * openAutomationHub.
 */
export async function onFreshPostgres({ postgres, openAutomationHub }, use) {
  const database = await createBenchDatabase(postgres);
  if (database.unavailable) {
    console.log(`postgres  SKIPPED: PostgreSQL unreachable (${database.unavailable})`);
    return;
  }
  const hub = await openAutomationHub({ databaseUrl: database.url, migrate: true });
  const client = postgres(database.url, { max: 1, onnotice: () => {} });
  try {
    await use({ hub, client });
  } finally {
    await hub.close();
    await client.end();
    await database.drop();
  }
}

export function createBenchDirectory() {
  const directory = mkdtempSync(join(tmpdir(), 'tier1-bench-'));
  return {
    dataDir: join(directory, 'db'),
    remove: () => rmSync(directory, { recursive: true, force: true }),
  };
}

export function percentile(sorted, fraction) {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

export function median(values) {
  return percentile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

/** The synthetic trail's shape: 30 days, 20 projects, sessions of 40 events, 8 type/status pairs. */
export const SYNTHETIC_TRAIL = {
  spanMs: 30 * 24 * 60 * 60 * 1000,
  projects: 20,
  sessionEvents: 40,
  types: [
    ['production_check', 'success', 'skill'],
    ['production_check', 'failed', 'skill'],
    ['action_item_completed', 'success', 'hook'],
    ['action_item_pending_review', 'pending_review', 'hook'],
    ['no_action_taken', 'skipped', 'hook'],
    ['n8n_failure_detected', 'failed', 'monitor'],
    ['n8n_recovery_attempted', 'success', 'router'],
    ['n8n_recovery_attempted', 'failed', 'router'],
  ],
};

const sqlArray = (index) => `array[${SYNTHETIC_TRAIL.types.map((type) => `'${type[index]}'`).join(', ')}]`;

/**
 * Row i (1…rows) of the synthetic trail: 'project-' || (i / 7) % 20, 'session-' || i / 40, a
 * tool_use_id and a prompt_id (one prompt per 8 events) in metadata; ids grow with time, as they
 * do when events arrive.
 */
function loadStatement(from, to, rows) {
  const { spanMs, projects, sessionEvents, types } = SYNTHETIC_TRAIL;
  return `insert into automation_events (uid, event_type, project_id, status, evidence, detected_from, metadata, session_id, correlated_with, created_at)
    select gen_random_uuid(), (${sqlArray(0)})[1 + i % ${types.length}], 'project-' || ((i / 7) % ${projects}), (${sqlArray(1)})[1 + i % ${types.length}],
      jsonb_build_object('task_id', 'task-' || i, 'workflow_name', 'video-assembly', 'failure_type', '504_gateway_timeout',
        'status_code', 504, 'duration_seconds', 15.2, 'response_snippet', 'Service Unavailable', 'timestamp', '2026-01-20T18:45:32Z'),
      (${sqlArray(2)})[1 + i % ${types.length}], jsonb_build_object('tool_use_id', 'toolu_' || i, 'prompt_id', 'prompt-' || (i / 8)),
      'session-' || (i / ${sessionEvents}), '{}'::uuid[],
      now() - ((${rows} - i) * interval '${spanMs / rows / 1000} seconds')
    from generate_series(${from}, ${to}) as i`;
}

/**
 * Loads `rows` synthetic events through `query` (raw SQL on either driver) with the secondary
 * indexes dropped, then builds them again from their own definitions (pg_indexes): one sort per
 * index instead of a million index insertions each. Stops adding chunks of `chunk` rows when
 * `budgetMs` is spent and says how many it loaded.
 */
export async function loadSyntheticTrail(
  query,
  { rows, chunk = 100_000, budgetMs = Number.POSITIVE_INFINITY },
) {
  const started = performance.now();
  const indexes = await query(
    "select indexname, indexdef from pg_indexes where tablename = 'automation_events' and indexname like 'idx_%'",
  );
  for (const { indexname } of indexes) await query(`drop index ${indexname}`);
  let loaded = 0;
  while (loaded < rows && performance.now() - started < budgetMs) {
    const to = Math.min(rows, loaded + chunk);
    await query(loadStatement(loaded + 1, to, rows));
    loaded = to;
  }
  for (const { indexdef } of indexes) await query(indexdef);
  // VACUUM as well: otherwise autovacuum wakes up on the fresh million rows in the middle of the timings.
  await query('vacuum analyze automation_events');
  return { loaded, seconds: (performance.now() - started) / 1000 };
}

/**
 * Runs a store benchmark on both backends, each loaded with `rows` synthetic events: a fresh
 * PostgreSQL database (skipped, with the reason, when the server is unreachable), then a fresh
 * PGlite directory. After each load, `inspect(query)` gets raw SQL access (for EXPLAIN; on
 * PGlite before the hub opens the directory, since one process at a time may), then
 * `measure({ backend, hub, loaded, inspected })` times the hub. `drivers` are the caller's
 * postgres.js, PGlite and openAutomationHub: this folder has no dependencies of its own.
 */
export async function benchOnLoadedStores(drivers, load, { inspect = async () => undefined, measure }) {
  const { PGlite, openAutomationHub } = drivers;
  const report = (backend, { loaded, seconds }) =>
    console.log(
      `${backend.padEnd(9)} loaded ${loaded.toLocaleString('en')} rows in ${seconds.toFixed(0)} s${loaded < load.rows ? ` (the load budget ran out: figures are for ${loaded.toLocaleString('en')} rows)` : ''}`,
    );
  await onFreshPostgres(drivers, async ({ hub, client }) => {
    const query = (text) => client.unsafe(text);
    const loaded = await loadSyntheticTrail(query, load);
    report('postgres', loaded);
    const inspected = await inspect(query);
    await measure({ backend: 'postgres', hub, loaded: loaded.loaded, inspected });
  });
  const directory = createBenchDirectory();
  try {
    await (await openAutomationHub({ dataDir: directory.dataDir })).close();
    const raw = await PGlite.create(directory.dataDir);
    let loaded;
    let inspected;
    try {
      const query = async (text) => (await raw.query(text)).rows;
      loaded = await loadSyntheticTrail(query, load);
      report('pglite', loaded);
      inspected = await inspect(query);
    } finally {
      await raw.close();
    }
    const hub = await openAutomationHub({ dataDir: directory.dataDir });
    try {
      await measure({ backend: 'pglite', hub, loaded: loaded.loaded, inspected });
    } finally {
      await hub.close();
    }
  } finally {
    directory.remove();
  }
}
