// Durable spool append: EventSpool.append (validate, sanitise, one JSONL line, fdatasync)
// against the floor it cannot beat, a raw fs.appendFileSync + fsyncSync of the same bytes on
// an open file, in the same run and the same directory. Also the one-shot appendOnce that a
// fresh hook process uses (create, write, sync, seal), and the cost of loading the package.
// Target: append p50 <= 2 ms. Build first: pnpm -s turbo run build --filter=@tier1/events
import { execFileSync } from 'node:child_process';
import { appendFileSync, closeSync, existsSync, fsyncSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const entry = new URL('../dist/index.js', import.meta.url).href;
const { EventSpool } = await import(entry);

const TARGET_P50_MS = 2;
const WARMUP = 20;
const SAMPLES = 400;

function percentile(sorted, fraction) {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))];
}

function summarize(durations) {
  const sorted = [...durations].sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95) };
}

async function measure(count, run) {
  const durations = [];
  for (let index = 0; index < WARMUP + count; index += 1) {
    const start = process.hrtime.bigint();
    await run(index);
    const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
    if (index >= WARMUP) durations.push(elapsed);
  }
  return summarize(durations);
}

function input(index) {
  return {
    eventType: 'action_item_completed',
    projectId: 'bench',
    status: 'success',
    detectedFrom: 'hook',
    sessionId: 'bench-session',
    evidence: {
      tool_name: 'Bash',
      detected_keyword: 'all tests pass',
      keyword_category: 'test_success',
      confidence: 92,
      context_snippet: `npm test: 128 passing (2s), run ${index}`,
    },
  };
}

/** EventSpool.append and the raw baseline, interleaved so disk noise hits both alike. */
async function interleaved(directory, line) {
  const spool = new EventSpool(join(directory, 'spool'));
  const rawFd = openSync(join(directory, 'raw.jsonl'), 'a');
  const spoolTimes = [];
  const rawTimes = [];
  for (let index = 0; index < WARMUP + SAMPLES; index += 1) {
    let start = process.hrtime.bigint();
    await spool.append(input(index));
    const spoolMs = Number(process.hrtime.bigint() - start) / 1e6;
    start = process.hrtime.bigint();
    appendFileSync(rawFd, line);
    fsyncSync(rawFd);
    const rawMs = Number(process.hrtime.bigint() - start) / 1e6;
    if (index >= WARMUP) {
      spoolTimes.push(spoolMs);
      rawTimes.push(rawMs);
    }
  }
  spool.close();
  closeSync(rawFd);
  return { append: summarize(spoolTimes), raw: summarize(rawTimes) };
}

const root = mkdtempSync(join(process.env.TIER1_BENCH_DIR ?? tmpdir(), 'tier1-spool-bench-'));
try {
  // The same bytes the spool writes, for the baseline.
  const line = `${JSON.stringify({ uid: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', ...input(0), metadata: null, correlatedWith: [], createdAt: new Date(), resolvedAt: null })}\n`;

  const { append, raw } = await interleaved(root, line);
  // The same in memory (tmpfs), where a sync costs nothing: what the spool itself costs.
  const memory = existsSync('/dev/shm') ? mkdtempSync('/dev/shm/tier1-spool-bench-') : undefined;
  const inMemory = memory
    ? await interleaved(memory, line).finally(() => rmSync(memory, { recursive: true, force: true }))
    : undefined;

  const once = await measure(100, (index) => EventSpool.appendOnce(join(root, 'once'), input(index)));

  // A hook process pays for loading the package before its first append.
  const loads = [];
  for (let run = 0; run < 5; run += 1) {
    const output = execFileSync(process.execPath, [
      '--input-type=module',
      '-e',
      `const t = performance.now(); await import(${JSON.stringify(entry)}); console.log(performance.now() - t);`,
    ]);
    loads.push(Number(output.toString().trim()));
  }
  const load = summarize(loads);

  const format = (value) => `${value.toFixed(3)} ms`;
  console.log(`spool append (durable), ${SAMPLES} events in ${root}`);
  console.log(
    `  EventSpool.append                       p50 ${format(append.p50)}  p95 ${format(append.p95)}`,
  );
  console.log(`  baseline appendFileSync + fsyncSync     p50 ${format(raw.p50)}  p95 ${format(raw.p95)}`);
  console.log(`  ratio append / baseline (p50)           ${(append.p50 / raw.p50).toFixed(2)}x`);
  if (inMemory) {
    console.log(
      `  the same on tmpfs (no disk sync)        append p50 ${format(inMemory.append.p50)}, baseline p50 ${format(inMemory.raw.p50)}`,
    );
  }
  console.log(
    `  EventSpool.appendOnce (create, sync, seal) p50 ${format(once.p50)}  p95 ${format(once.p95)}`,
  );
  console.log(`  import @tier1/events in a fresh node    p50 ${format(load.p50)}  p95 ${format(load.p95)}`);
  console.log(
    `  target append p50 <= ${TARGET_P50_MS} ms: ${append.p50 <= TARGET_P50_MS ? 'MET' : 'MISSED'}`,
  );
  if (append.p50 > TARGET_P50_MS && raw.p50 > TARGET_P50_MS) {
    console.log(
      `  (this disk's own fsync, the baseline, takes ${format(raw.p50)} at p50: no durable append can be faster here)`,
    );
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
