// Benchmarks of the recovery half of @tier1/n8n-reliability, against the built dist and the real
// Redis (TIER1_TEST_REDIS_URL, default redis://127.0.0.1:6379). Each measures its target and a
// baseline side by side in the same run, prints the figures and whether the target is met, and
// exits non-zero only when something crashes. Build first: pnpm -s turbo run build --filter=@tier1/n8n-reliability...
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { Redis } from 'ioredis';

const dist = new URL('../dist/index.js', import.meta.url);
if (!existsSync(dist)) {
  console.error(
    'bench: dist/index.js is missing; run pnpm -s turbo run build --filter=@tier1/n8n-reliability... first',
  );
  process.exit(1);
}
const { FallbackRouter, TaskQueueWorker } = await import(dist.href);

const REDIS_URL = process.env.TIER1_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const UNREACHABLE_REDIS_URL = 'redis://127.0.0.1:1';
const prefix = `tier1-bench-${randomBytes(6).toString('hex')}`;
const redis = new Redis(REDIS_URL);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(samples, p) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const ms = (value) => `${value.toFixed(3)} ms`;
let runId = 0;
function failedRun(extra = {}) {
  runId += 1;
  return {
    failureDetected: true,
    failureType: '504_gateway_timeout',
    monitorId: `bench-${runId}`,
    taskId: 'video-assembly',
    workflowName: 'video-assembly',
    inputParams: { n: runId },
    statusCode: 504,
    durationSeconds: 15,
    reason: 'Gateway Timeout',
    executionId: null,
    eventId: null,
    ...extra,
  };
}

const results = [];
function report(name, lines, met) {
  console.log(`\n${name}`);
  for (const line of lines) console.log(`  ${line}`);
  console.log(`  target met: ${met ? 'yes' : 'NO'}`);
  results.push({ name, met });
}

async function queueOverhead() {
  const TASK_MS = 50;
  const RUNS = 60;
  const handler = async () => {
    await sleep(TASK_MS);
    return { ok: true };
  };
  const worker = new TaskQueueWorker({
    redisUrl: REDIS_URL,
    prefix,
    queueName: 'overhead',
    handlers: { process_video: handler },
  });
  await worker.start();
  const router = new FallbackRouter({
    redisUrl: REDIS_URL,
    queuePrefix: prefix,
    queueName: 'overhead',
    taskMapping: { 'video-assembly': 'process_video' },
    apiUrl: null,
    commandTemplate: null,
    tierTimeoutsMs: { queue: 5_000 },
  });
  await router.routeToFallback(failedRun()); // connects Redis and QueueEvents once, as a long-lived router does

  const direct = [];
  const routed = [];
  for (let i = 0; i < RUNS; i++) {
    // Interleaved, so drift in machine load hits both sides alike.
    let started = performance.now();
    await handler({}, undefined);
    direct.push(performance.now() - started);
    started = performance.now();
    const result = await router.routeToFallback(failedRun());
    routed.push(performance.now() - started);
    if (!result.routed) throw new Error(`recovery ${i} failed: ${result.reason}`);
  }
  await router.close();
  await worker.close(5_000);
  const directP50 = percentile(direct, 50);
  const routedP50 = percentile(routed, 50);
  const overhead = routedP50 - directP50;
  report(
    `(a) recovery through the queue tier vs. calling the task directly (${TASK_MS} ms task, ${RUNS} runs each)`,
    [
      `direct handler p50 ${ms(directP50)}   routeToFallback via queue p50 ${ms(routedP50)}   p99 ${ms(percentile(routed, 99))}`,
      `overhead p50 ${ms(overhead)} (target <= 20 ms); ratio ${(routedP50 / directP50).toFixed(3)}x`,
    ],
    overhead <= 20,
  );
}

async function openCircuitSkip() {
  const RUNS = 20_000;
  // Baseline: the same tier with its circuit closed, failing fast on a refused connection.
  const closed = new FallbackRouter({
    redisUrl: UNREACHABLE_REDIS_URL,
    taskMapping: { 'video-assembly': 'process_video' },
    apiUrl: null,
    commandTemplate: null,
    circuitBreaker: { failureThreshold: 1_000_000 },
  });
  const refused = [];
  for (let i = 0; i < 200; i++) {
    const started = performance.now();
    await closed.routeToFallback(failedRun());
    refused.push(performance.now() - started);
  }
  await closed.close();

  const open = new FallbackRouter({
    redisUrl: UNREACHABLE_REDIS_URL,
    taskMapping: { 'video-assembly': 'process_video' },
    apiUrl: null,
    commandTemplate: null,
    circuitBreaker: { failureThreshold: 1, coolDownMs: 3_600_000 },
  });
  await open.routeToFallback(failedRun());
  if (open.circuitStates().queue !== 'open') throw new Error('the queue circuit did not open');
  const skips = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const result = await open.routeToFallback(failedRun());
    skips.push(performance.now() - started);
    if (result.attempts[0]?.outcome !== 'skipped') throw new Error('the open circuit did not skip');
  }
  await open.close();
  const p50 = percentile(skips, 50);
  const p99 = percentile(skips, 99);
  report(
    `(b) a whole recovery whose only tier (queue) has an open circuit (${RUNS} runs)`,
    [
      `skip p50 ${ms(p50)}   p99 ${ms(p99)}   (target < 1 ms)`,
      `baseline, circuit closed and Redis refusing: p50 ${ms(percentile(refused, 50))}; the skip is ${(percentile(refused, 50) / p50).toFixed(1)}x faster`,
    ],
    p99 < 1,
  );
}

async function concurrentRecoveries() {
  const TASKS = 500;
  const countsKey = `${prefix}:bench-runs`;
  const worker = new TaskQueueWorker({
    redisUrl: REDIS_URL,
    prefix,
    queueName: 'concurrent',
    concurrency: 50,
    handlers: {
      process_video: async (params, job) => {
        await redis.hincrby(countsKey, job.id, 1);
        await sleep(20);
        return { n: params.n };
      },
    },
  });
  await worker.start();
  // Two routers, as two processes (the hook and the watch loop) recovering the same runs.
  const options = {
    redisUrl: REDIS_URL,
    queuePrefix: prefix,
    queueName: 'concurrent',
    taskMapping: { 'video-assembly': 'process_video' },
    apiUrl: null,
    commandTemplate: null,
    tierTimeoutsMs: { queue: 60_000 },
  };
  const routers = [new FallbackRouter(options), new FallbackRouter(options)];
  const runs = Array.from({ length: TASKS }, (_, i) =>
    failedRun({ executionId: `bench-${prefix}-${i}`, inputParams: { n: i } }),
  );
  const started = performance.now();
  const outcomes = await Promise.all(
    runs.flatMap((run) => routers.map((router) => router.routeToFallback(run))),
  );
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(routers.map((router) => router.close()));
  await worker.close(10_000);

  const counts = await redis.hgetall(countsKey);
  const keys = new Set(outcomes.map((outcome) => outcome.idempotencyKey));
  const ranOnce = [...keys].filter((key) => Number(counts[key]) === 1).length;
  const ranTwice = Object.values(counts).filter((count) => Number(count) > 1).length;
  const notRun = [...keys].filter((key) => !counts[key]).length;
  const routed = outcomes.filter((outcome) => outcome.routed).length;
  const deduplicated = outcomes.filter((outcome) => outcome.executionResult?.deduplicated).length;
  report(
    `(c) ${TASKS} recoveries, each asked for twice at the same time by two routers (${outcomes.length} calls), real Redis, one worker at concurrency 50`,
    [
      `distinct tasks ${keys.size}; ran exactly once ${ranOnce}; ran more than once ${ranTwice}; never ran ${notRun}`,
      `calls answered routed ${routed}/${outcomes.length} (${deduplicated} answered from the earlier run's stored result)`,
      `wall time ${seconds.toFixed(2)} s (${(outcomes.length / seconds).toFixed(0)} recoveries/s)`,
    ],
    keys.size === TASKS && ranOnce === TASKS && ranTwice === 0 && notRun === 0 && routed === outcomes.length,
  );
}

async function cleanup() {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
  redis.disconnect();
}

try {
  console.log(
    `@tier1/n8n-reliability recovery benchmarks (Node ${process.version}, Redis ${REDIS_URL.replace(/\/\/[^@]*@/, '//')})`,
  );
  // Latency figures depend on how busy the machine is: say so next to them.
  console.log(
    `machine: ${availableParallelism()} cores, load average ${loadavg()
      .map((load) => load.toFixed(1))
      .join(' ')}`,
  );
  await queueOverhead();
  await openCircuitSkip();
  await concurrentRecoveries();
  console.log(`\n${results.filter((result) => result.met).length}/${results.length} targets met`);
} finally {
  await cleanup();
}
