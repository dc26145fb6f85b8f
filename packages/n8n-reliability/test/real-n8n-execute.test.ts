import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError } from '@tier1/core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { executeWithFallback } from '../src/execute-with-fallback';
import { FailureType } from '../src/failure-type';
import { FallbackRouter } from '../src/fallback-router';
import { type N8nReliabilityConfig, parseN8nConfig, UnmappedWorkflowError } from '../src/n8n-config';
import { startTaskServer, type TaskServer } from './router-fixtures';

/*
 * executeWithFallback (and so N8nMonitor) against the real n8n of the globalSetup, with and
 * without the public-API key. The fallback is the API tier against a loopback task service that
 * counts the calls per idempotency key: how often the fallback ran for each failed run.
 */

const n8n = inject('realN8n');

const WORKFLOWS = {
  't1-success': { task: 'render' },
  't1-forbidden': { task: 'render' },
  't1-gateway': { task: 'render' },
  't1-throws': { task: 'render' },
  // The monitor's timeout (2 s) is shorter than the run (a 10 s Wait).
  't1-slow': { task: 'render', executionTimeoutSeconds: 2 },
  't1-own-timeout': { task: 'render' },
  't1-missing': { task: 'render', webhookPath: 't1-nowhere' },
} as const;

interface Expected {
  failureType: FailureType;
  /** How many times the fallback ran. */
  fallbackRuns: number;
  executionStatus?: string | null;
}

/** Each mode, as the architecture's FailureType names it, without and with the key. */
const MODES: Record<keyof typeof WORKFLOWS, { withoutKey: Expected; withKey: Expected }> = {
  't1-success': {
    withoutKey: { failureType: FailureType.NO_FAILURE, fallbackRuns: 0 },
    withKey: { failureType: FailureType.NO_FAILURE, fallbackRuns: 0, executionStatus: 'success' },
  },
  't1-forbidden': {
    withoutKey: { failureType: FailureType.AUTH_FAILURE, fallbackRuns: 1 },
    withKey: { failureType: FailureType.AUTH_FAILURE, fallbackRuns: 1, executionStatus: 'success' },
  },
  't1-gateway': {
    withoutKey: { failureType: FailureType.GATEWAY_TIMEOUT, fallbackRuns: 1 },
    withKey: { failureType: FailureType.GATEWAY_TIMEOUT, fallbackRuns: 1, executionStatus: 'success' },
  },
  't1-throws': {
    withoutKey: { failureType: FailureType.UNKNOWN_ERROR, fallbackRuns: 1 },
    withKey: { failureType: FailureType.UNKNOWN_ERROR, fallbackRuns: 1, executionStatus: 'error' },
  },
  // Without the key nothing can tell the run is still going: recovered (at least once). With it, not.
  't1-slow': {
    withoutKey: { failureType: FailureType.EXECUTION_TIMEOUT, fallbackRuns: 1 },
    withKey: { failureType: FailureType.EXECUTION_TIMEOUT, fallbackRuns: 0, executionStatus: 'running' },
  },
  // HTTP alone sees n8n's 500 "There was a problem executing the workflow"; the execution and the
  // workflow's executionTimeout say it timed out.
  't1-own-timeout': {
    withoutKey: { failureType: FailureType.UNKNOWN_ERROR, fallbackRuns: 1 },
    withKey: { failureType: FailureType.EXECUTION_TIMEOUT, fallbackRuns: 1, executionStatus: 'canceled' },
  },
  't1-missing': {
    withoutKey: { failureType: FailureType.WEBHOOK_FAILURE, fallbackRuns: 1 },
    withKey: { failureType: FailureType.WEBHOOK_FAILURE, fallbackRuns: 1, executionStatus: null },
  },
};

let tasks: TaskServer;
let routers: FallbackRouter[] = [];

function configFor(withKey: boolean, extra: Record<string, unknown> = {}): N8nReliabilityConfig {
  return parseN8nConfig(
    {
      apiUrl: tasks.url,
      commandTemplate: `${process.execPath} -e process.exit(3)`,
      workflows: WORKFLOWS,
      ...extra,
    },
    { n8nUrl: n8n.url, n8nApiKey: withKey ? n8n.apiKey : undefined },
  );
}

function routerFor(config: N8nReliabilityConfig): FallbackRouter {
  const router = FallbackRouter.fromConfig(config);
  routers.push(router);
  return router;
}

beforeAll(async () => {
  tasks = await startTaskServer((_request, response) =>
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"done":"by the fallback"}'),
  );
});

afterAll(async () => {
  await Promise.all(routers.map((router) => router.close()));
  routers = [];
  await tasks.close();
});

describe.each([
  ['without', false],
  ['with', true],
] as const)('executeWithFallback against a real n8n, %s the API key', (_label, withKey) => {
  it('classifies every mode as the architecture says and runs the fallback once per failed run', async () => {
    const config = configFor(withKey);
    const router = routerFor(config);
    // The modes run at once: their n8n executions overlap, as real traffic does.
    const results = await Promise.all(
      Object.keys(MODES).map(async (workflow) => {
        const run = `${workflow}-${withKey ? 'key' : 'nokey'}-${Math.random().toString(36).slice(2, 8)}`;
        const result = await executeWithFallback(workflow, { run }, { config, router });
        return { workflow, run, result };
      }),
    );
    for (const { workflow, run, result } of results) {
      const expected = MODES[workflow as keyof typeof MODES][withKey ? 'withKey' : 'withoutKey'];
      const fallbackRuns = tasks.requests.filter(
        (request) => (request.body as { run?: string } | null)?.run === run,
      );
      expect(
        {
          workflow,
          failureType: result.monitorResult.failureType,
          fallbackRuns: fallbackRuns.length,
          ...(withKey ? { executionStatus: result.monitorResult.executionStatus } : {}),
        },
        result.monitorResult.reason,
      ).toEqual({ workflow, ...expected });
      expect(result.ok).toBe(expected.failureType === FailureType.NO_FAILURE || expected.fallbackRuns === 1);
      if (workflow === 't1-success') expect(result.output).toEqual({ ok: true, done: 'by n8n' });
      if (withKey && result.monitorResult.executionId && fallbackRuns.length)
        expect(fallbackRuns[0]?.key).toBe(`"render.exec-${result.monitorResult.executionId}"`);
    }
  });
});

describe('executeWithFallback before calling anything', () => {
  it('refuses an unmapped workflow and a missing N8N_URL', async () => {
    await expect(
      executeWithFallback('nope', {}, { config: configFor(false), router: false }),
    ).rejects.toBeInstanceOf(UnmappedWorkflowError);
    const noUrl = parseN8nConfig({ workflows: { a: 'b' } });
    await expect(executeWithFallback('a', {}, { config: noUrl, router: false })).rejects.toBeInstanceOf(
      ConfigError,
    );
  });
});

/**
 * A proxy in front of n8n that gives up after `cutMs` with Cloudflare's 524 while the request goes
 * on to n8n: a real proxy (a loopback server forwarding to the real n8n), as n8n Cloud's
 * Cloudflare does at 100 s.
 */
async function startCuttingProxy(
  target: string,
  cutMs: number,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((incoming, outgoing) => {
    const upstream = httpRequest(`${target}${incoming.url}`, {
      method: incoming.method,
      headers: incoming.headers,
    });
    upstream.on('response', (answer) => {
      if (!outgoing.headersSent) answer.pipe(outgoing.writeHead(answer.statusCode ?? 502, answer.headers));
    });
    upstream.on('error', () => undefined);
    incoming.pipe(upstream);
    setTimeout(() => {
      if (!outgoing.headersSent)
        outgoing.writeHead(524, { 'content-type': 'text/html' }).end('<h1>A timeout occurred</h1>');
    }, cutMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('a proxy that gives up while the real n8n goes on (a real loopback proxy)', () => {
  it('tells the proxy’s 524 from a workflow’s own error with the key, and recovers nothing', async () => {
    const proxy = await startCuttingProxy(n8n.url, 1_000);
    try {
      const withProxy = (withKey: boolean) =>
        parseN8nConfig(
          {
            apiUrl: tasks.url,
            commandTemplate: `${process.execPath} -e process.exit(3)`,
            webhookBaseUrl: `${proxy.url}/webhook`,
            workflows: { 't1-eventually': 'render' },
          },
          { n8nUrl: n8n.url, n8nApiKey: withKey ? n8n.apiKey : undefined },
        );
      const keyed = withProxy(true);
      const run = `proxy-${Math.random().toString(36).slice(2, 8)}`;
      const result = await executeWithFallback(
        't1-eventually',
        { run },
        { config: keyed, router: routerFor(keyed) },
      );
      expect(result.monitorResult.statusCode).toBe(524);
      expect(result.monitorResult.executionStatus).toBe('success');
      expect(result.monitorResult.failureType, result.monitorResult.reason).toBe(FailureType.NO_FAILURE);
      expect(
        tasks.requests.filter((request) => (request.body as { run?: string })?.run === run),
      ).toHaveLength(0);

      // Without the key a 524 is all there is: a gateway timeout, recovered.
      const blind = withProxy(false);
      const blindRun = `proxy-${Math.random().toString(36).slice(2, 8)}`;
      const guessed = await executeWithFallback(
        't1-eventually',
        { run: blindRun },
        { config: blind, router: routerFor(blind) },
      );
      expect(guessed.monitorResult.failureType).toBe(FailureType.GATEWAY_TIMEOUT);
      expect(
        tasks.requests.filter((request) => (request.body as { run?: string })?.run === blindRun),
      ).toHaveLength(1);
    } finally {
      await proxy.close();
    }
  });
});
