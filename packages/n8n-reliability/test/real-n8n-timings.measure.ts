import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { executeWithFallback } from '../src/execute-with-fallback';
import { FallbackRouter } from '../src/fallback-router';
import { parseN8nConfig } from '../src/n8n-config';
import { TaskQueueWorker } from '../src/task-queue-worker';
import { REDIS_URL, redisPrefix, startTaskServer } from './router-fixtures';

/*
 * A measurement, not a test of speed: how long a failed run of the real n8n takes to be detected,
 * confirmed and recovered, per tier: `pnpm --filter @tier1/n8n-reliability measure` (docs/n8n-recovery.md,
 * "Measured"). It is no test (vitest.measure.config.ts, not `pnpm test`, runs it): the figures are
 * printed, nothing about them is asserted.
 */

const n8n = inject('realN8n');
const RUNS = Number(process.env.TIER1_MEASURE_RUNS ?? 10);

function spread(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
  return `p50 ${at(0.5).toFixed(0)} ms, min ${at(0).toFixed(0)}, max ${at(1).toFixed(0)} ms`;
}

describe('recovery timings against a real n8n', () => {
  it('measures detect + confirm + recover of t1-throws per tier', async () => {
    const tasks = await startTaskServer((_request, response) => response.writeHead(200).end('{"done":true}'));
    const { prefix, cleanup } = redisPrefix();
    const directory = mkdtempSync(join(tmpdir(), 'tier1-timings-'));
    writeFileSync(join(directory, 'task.mjs'), 'process.stdout.write("{}");\n');
    const worker = new TaskQueueWorker({
      redisUrl: REDIS_URL,
      prefix,
      handlers: { render: async () => ({ done: true }) },
    });
    await worker.start();
    const tiers = {
      queue: { redisUrl: REDIS_URL, queuePrefix: prefix, apiUrl: null, commandTemplate: null },
      api: { apiUrl: tasks.url, commandTemplate: null },
      command: { apiUrl: null, commandTemplate: [process.execPath, join(directory, 'task.mjs')] },
    } as const;
    try {
      for (const [tier, routerOptions] of Object.entries(tiers)) {
        for (const withKey of [false, true]) {
          const config = parseN8nConfig(
            { workflows: { 't1-throws': 'render' } },
            { n8nUrl: n8n.url, n8nApiKey: withKey ? n8n.apiKey : undefined },
          );
          const router = FallbackRouter.fromConfig(config, routerOptions);
          const totals: number[] = [];
          const recoveries: number[] = [];
          for (let run = 0; run < RUNS; run++) {
            const started = performance.now();
            const result = await executeWithFallback('t1-throws', { run }, { config, router });
            totals.push(performance.now() - started);
            expect(result.via).toBe(
              { queue: 'queue_direct', api: 'api_fallback', command: 'command_fallback' }[tier],
            );
            recoveries.push((result.routingResult?.executionResult?.executionTimeSeconds ?? 0) * 1000);
          }
          await router.close();
          console.info(
            `${tier} tier, ${withKey ? 'with' : 'without'} the key, ${RUNS} runs: whole call ${spread(totals)}; the tier's attempt ${spread(recoveries)}`,
          );
        }
      }
    } finally {
      await worker.close();
      await tasks.close();
      await cleanup();
      rmSync(directory, { recursive: true, force: true });
    }
  }, 600_000);
});
