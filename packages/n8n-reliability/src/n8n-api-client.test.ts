import { createServer } from 'node:net';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { executionErrorMessage } from './execution-evidence';
import { N8nApiClient, N8nApiError, type N8nStatusFilter, N8nUnauthorizedError } from './n8n-api-client';

describe('N8nApiClient against the real n8n of the test run', () => {
  const n8n = inject('realN8n');
  const client = new N8nApiClient({ baseUrl: `${n8n.url}/`, apiKey: n8n.apiKey, timeoutMs: 5_000 });
  const workflowId = n8n.workflowIds['t1-throws'] as string;

  beforeAll(async () => {
    for (let run = 0; run < 3; run++) {
      const answer = await fetch(`${n8n.url}/webhook/t1-throws`, { method: 'POST' });
      await answer.arrayBuffer();
    }
    // n8n lists a run a moment after it answered: wait until all three are there.
    for (let tries = 0; tries < 100; tries++) {
      if ((await client.listExecutions({ workflowId, status: 'error' })).data.length >= 3) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });

  it('lists executions newest first, filtered, paged by the cursor, the limit capped at n8n’s 250', async () => {
    const failed = await client.listExecutions({ workflowId, status: 'error' });
    expect(failed.data.length).toBeGreaterThanOrEqual(3);
    expect(new Set(failed.data.map((execution) => [execution.workflowId, execution.status].join()))).toEqual(
      new Set([`${workflowId},error`]),
    );
    const ids = failed.data.map((execution) => Number(execution.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const first = await client.listExecutions({ workflowId, limit: 2 });
    expect(first.data).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = await client.listExecutions({ workflowId, limit: 2, cursor: first.nextCursor as string });
    expect(Number(second.data[0]?.id)).toBeLessThan(Number(first.data[1]?.id));
    // n8n itself answers 400 above 250: the client caps it.
    expect((await client.listExecutions({ workflowId, limit: 1000 })).data.length).toBeGreaterThanOrEqual(3);
  });

  it('gets one execution with its error and the workflow as it ran when includeData is set', async () => {
    const [newest] = (await client.listExecutions({ workflowId, status: 'error', limit: 1 })).data;
    const execution = await client.getExecution(newest?.id as string, { includeData: true });
    expect(execution.status).toBe('error');
    expect(executionErrorMessage(execution)).toBe('the render service refused the job (in node "Fail")');
    expect((execution.workflowData as { name: string }).name).toBe('t1-throws');
    expect(executionErrorMessage(await client.getExecution(execution.id))).toBeUndefined();
  });

  it('maps workflow names to ids, with their active flag', async () => {
    const workflows = await client.listWorkflows();
    expect(workflows).toContainEqual({ id: workflowId, name: 't1-throws', active: true });
  });

  it('says a refused query is n8n refusing Tier 1’s request, not a wrong N8N_URL', async () => {
    // n8n 2.8.4 refuses status=crashed (error includes crashed runs); the typed filter no longer allows it.
    const error = await client
      .listExecutions({ status: 'crashed' as N8nStatusFilter })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(N8nApiError);
    expect((error as N8nApiError).status).toBe(400);
    expect((error as Error).message).toContain('allowed values');
    expect((error as N8nApiError).hint).toContain('N8N_URL and n8n are fine');
  });

  it('turns a 401 into N8N_UNAUTHORIZED without printing the key', async () => {
    const wrong = new N8nApiClient({ baseUrl: n8n.url, apiKey: 'wrong-key-xyz' });
    const error = await wrong.listExecutions().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(N8nUnauthorizedError);
    expect((error as N8nUnauthorizedError).code).toBe('N8N_UNAUTHORIZED');
    expect((error as N8nUnauthorizedError).hint).toContain('N8N_API_KEY');
    expect(`${(error as Error).message} ${(error as N8nUnauthorizedError).hint}`).not.toContain(
      'wrong-key-xyz',
    );
  });

  it('reports a missing execution as N8N_API_ERROR with the status', async () => {
    const error = await client.getExecution('99999').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(N8nApiError);
    expect((error as N8nApiError).status).toBe(404);
  });

  it('reports a closed port as N8N_UNREACHABLE', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = server.address() as { port: number };
        server.close(() => resolve(free));
      });
    });
    const error = await new N8nApiClient({ baseUrl: `http://127.0.0.1:${port}`, apiKey: 'k' })
      .listWorkflows()
      .catch((caught: unknown) => caught);
    expect((error as N8nApiError).code).toBe('N8N_UNREACHABLE');
  });
});
