// Batched ingest: AutomationHub.storeEvents (validation, sanitising, drizzle's multi-row INSERT
// per 1000 events) against a raw multi-row INSERT … ON CONFLICT (uid) DO NOTHING of the same,
// already-validated rows through the same driver, in the same run, on PostgreSQL and PGlite.
// Target: storeEvents >= 0.5 of the raw insert's events per second.
// Build first: pnpm -s turbo run build --filter=@tier1/events
import { PGlite } from '@electric-sql/pglite';
import { createEventUid } from '@tier1/core';
import postgres from 'postgres';
import { createBenchDirectory, median, onFreshPostgres } from '../../../scripts/store-bench-support.mjs';

const { openAutomationHub, parseAutomationEvent } = await import(
  new URL('../dist/index.js', import.meta.url).href
);

const TARGET_RATIO = 0.5;
const EVENTS_PER_ROUND = 4000;
const ROUNDS = 4;
const CHUNK = 1000;
const COLUMNS = [
  'uid',
  'event_type',
  'project_id',
  'status',
  'evidence',
  'detected_from',
  'metadata',
  'session_id',
  'correlated_with',
  'created_at',
  'resolved_at',
];

function makeInputs(count) {
  return Array.from({ length: count }, (_, index) => ({
    uid: createEventUid(),
    eventType: 'n8n_failure_detected',
    projectId: `project-${index % 20}`,
    status: 'failed',
    detectedFrom: 'monitor',
    sessionId: `session-${Math.floor(index / 50)}`,
    metadata: { attempt: index % 3, host: 'vps-1' },
    evidence: {
      task_id: `task-${index}`,
      workflow_name: 'video-assembly',
      failure_type: '504_gateway_timeout',
      status_code: 504,
      duration_seconds: 15.2,
      response_snippet: '<html><head><title>504 Gateway Time-out</title></head><body>nginx</body></html>',
      timestamp: '2026-01-20T18:45:32Z',
    },
  }));
}

function rowValues(event) {
  return [
    event.uid,
    event.eventType,
    event.projectId,
    event.status,
    JSON.stringify(event.evidence),
    event.detectedFrom,
    event.metadata === null ? null : JSON.stringify(event.metadata),
    event.sessionId,
    `{${event.correlatedWith.join(',')}}`,
    event.createdAt.toISOString(),
    event.resolvedAt?.toISOString() ?? null,
  ];
}

function multiRowInsert(rows) {
  const width = COLUMNS.length;
  const tuples = rows.map(
    (_, row) => `(${COLUMNS.map((_, column) => `$${row * width + column + 1}`).join(', ')})`,
  );
  return {
    text: `insert into automation_events (${COLUMNS.join(', ')}) values ${tuples.join(', ')} on conflict (uid) do nothing`,
    params: rows.flatMap(rowValues),
  };
}

async function timeIt(work) {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/** Alternates the two in ROUNDS rounds (fresh uids each time) and compares median throughput. */
async function compare(name, hub, rawInsert) {
  const hubRates = [];
  const rawRates = [];
  for (let round = 0; round <= ROUNDS; round += 1) {
    const hubInputs = makeInputs(EVENTS_PER_ROUND);
    // The baseline gets the same rows, validated beforehand: it measures only the driver and server.
    const rawEvents = makeInputs(EVENTS_PER_ROUND).map((input) => parseAutomationEvent(input));
    const hubMs = await timeIt(() => hub.storeEvents(hubInputs));
    const rawMs = await timeIt(async () => {
      for (let start = 0; start < rawEvents.length; start += CHUNK)
        await rawInsert(multiRowInsert(rawEvents.slice(start, start + CHUNK)));
    });
    if (round === 0) continue; // warm-up
    hubRates.push((EVENTS_PER_ROUND / hubMs) * 1000);
    rawRates.push((EVENTS_PER_ROUND / rawMs) * 1000);
  }
  const hubRate = median(hubRates);
  const rawRate = median(rawRates);
  const ratio = hubRate / rawRate;
  console.log(
    `${name.padEnd(10)} storeEvents ${Math.round(hubRate).toLocaleString('en')} events/s | raw multi-row INSERT ${Math.round(rawRate).toLocaleString('en')} events/s | ratio ${ratio.toFixed(2)} (target >= ${TARGET_RATIO}: ${ratio >= TARGET_RATIO ? 'met' : 'NOT met'})`,
  );
  return ratio;
}

console.log(
  `ingest: ${ROUNDS} rounds of ${EVENTS_PER_ROUND} events each, median throughput (1 warm-up round)`,
);

await onFreshPostgres({ postgres, openAutomationHub }, ({ hub, client }) =>
  compare('postgres', hub, ({ text, params }) => client.unsafe(text, params)),
);

// Two PGlite instances in this process: the hub's, and a raw one with the same migrated schema.
const hubDirectory = createBenchDirectory();
const rawDirectory = createBenchDirectory();
try {
  const hub = await openAutomationHub({ dataDir: hubDirectory.dataDir });
  await (await openAutomationHub({ dataDir: rawDirectory.dataDir })).close();
  const raw = await PGlite.create(rawDirectory.dataDir);
  try {
    await compare('pglite', hub, ({ text, params }) => raw.query(text, params));
  } finally {
    await hub.close();
    await raw.close();
  }
} finally {
  hubDirectory.remove();
  rawDirectory.remove();
}
