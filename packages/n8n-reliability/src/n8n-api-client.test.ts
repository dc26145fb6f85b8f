import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeN8n } from '../test/detection-fake-n8n';
import { executionErrorMessage } from './execution-evidence';
import { N8nApiClient, N8nApiError, N8nUnauthorizedError } from './n8n-api-client';

describe('N8nApiClient against a fake n8n on 127.0.0.1 (n8n itself cannot run here)', () => {
  let n8n: FakeN8n;
  let client: N8nApiClient;

  beforeAll(async () => {
    n8n = await FakeN8n.start('secret-key-123');
    client = new N8nApiClient({ baseUrl: `${n8n.url}/`, apiKey: 'secret-key-123', timeoutMs: 2_000 });
    n8n.addWorkflow({ id: 'wfA', name: 'video-assembly' });
    n8n.addWorkflow({ id: 'wfB', name: 'kb-indexing', active: false });
    n8n.addExecution({ workflowId: 'wfA', status: 'success' });
    n8n.addExecution({
      workflowId: 'wfA',
      status: 'error',
      errorMessage: 'Request failed with status code 500',
    });
    n8n.addExecution({ workflowId: 'wfB', status: 'crashed' });
  });
  afterAll(() => n8n.stop());

  it('lists executions newest first with the X-N8N-API-KEY header and the filters as query parameters', async () => {
    const page = await client.listExecutions({ workflowId: 'wfA', limit: 10 });
    expect(page.data.map((execution) => [execution.id, execution.status])).toEqual([
      ['2', 'error'],
      ['1', 'success'],
    ]);
    expect(page.nextCursor).toBeNull();
    const request = n8n.apiRequests().at(-1);
    expect(request?.headers['x-n8n-api-key']).toBe('secret-key-123');
    expect(request?.query.get('workflowId')).toBe('wfA');
    expect(request?.query.get('limit')).toBe('10');
  });

  it('filters by status, pages with the cursor and caps the limit at 250', async () => {
    const failed = await client.listExecutions({ status: 'error' });
    expect(failed.data.map((execution) => execution.workflowId)).toEqual(['wfA']);
    const first = await client.listExecutions({ limit: 2 });
    expect(first.data).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = await client.listExecutions({ limit: 2, cursor: first.nextCursor as string });
    expect(second.data.map((execution) => execution.id)).toEqual(['1']);
    await client.listExecutions({ limit: 1000 });
    expect(n8n.apiRequests().at(-1)?.query.get('limit')).toBe('250');
  });

  it('gets one execution with its error when includeData is set', async () => {
    const execution = await client.getExecution('2', { includeData: true });
    expect(execution.status).toBe('error');
    expect(executionErrorMessage(execution)).toBe(
      'Request failed with status code 500 (in node "HTTP Request")',
    );
    expect(executionErrorMessage(await client.getExecution('2'))).toBeUndefined();
  });

  it('maps workflow names to ids across pages', async () => {
    const workflows = await client.listWorkflows();
    expect(workflows).toEqual([
      { id: 'wfA', name: 'video-assembly', active: true },
      { id: 'wfB', name: 'kb-indexing', active: false },
    ]);
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
    const error = await client.getExecution('999').catch((caught: unknown) => caught);
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
