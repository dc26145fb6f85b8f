import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * A fake n8n for tests: n8n itself cannot run on this machine, so this real HTTP server on
 * 127.0.0.1:<random port> implements the documented shapes the layer relies on:
 * - the public API (https://docs.n8n.io/connect/n8n-api/executions): X-N8N-API-KEY, 401 without
 *   it, GET /api/v1/executions {data, nextCursor} filtered by status/workflowId, paginated by
 *   limit/cursor, newest first; GET /api/v1/executions/{id}; GET /api/v1/workflows;
 * - production webhooks under /webhook/<path>, with n8n's 404 "is not registered" JSON for a path
 *   no active workflow listens on (https://github.com/n8n-io/n8n/pull/2006).
 * Each webhook call records an execution with the status the test chose, as n8n does.
 */

export interface FakeWorkflow {
  id: string;
  name: string;
  active?: boolean;
  webhookPath?: string;
}

export interface WebhookBehaviour {
  status: number;
  body?: string;
  /** The execution this call leaves behind; none when the request never reached a workflow. */
  executionStatus?: string;
  errorMessage?: string;
  /** Answer after this long (to exercise client-side timeouts). */
  delayMs?: number;
}

export interface FakeExecution {
  id: string;
  status: string;
  mode: string;
  workflowId: string;
  startedAt: string;
  stoppedAt: string | null;
  retryOf: string | null;
  retrySuccessId: string | null;
  data?: unknown;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

export class FakeN8n {
  readonly apiKey: string;
  readonly requests: RecordedRequest[] = [];
  readonly workflows: FakeWorkflow[] = [];
  /** Oldest first; the API answers newest first. */
  readonly executions: FakeExecution[] = [];
  readonly webhooks = new Map<string, WebhookBehaviour>();
  #server: Server;
  #nextId = 1;
  #clock = 0;
  url = '';

  private constructor(apiKey: string) {
    this.apiKey = apiKey;
    this.#server = createServer((request, response) => void this.#handle(request, response));
  }

  static async start(apiKey = 'test-n8n-key'): Promise<FakeN8n> {
    const fake = new FakeN8n(apiKey);
    await new Promise<void>((resolve) => fake.#server.listen(0, '127.0.0.1', resolve));
    fake.url = `http://127.0.0.1:${(fake.#server.address() as AddressInfo).port}`;
    return fake;
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  addWorkflow(workflow: FakeWorkflow): FakeWorkflow {
    this.workflows.push(workflow);
    return workflow;
  }

  /** Records an execution as n8n would have after a run. */
  addExecution(
    execution: Pick<FakeExecution, 'workflowId' | 'status'> &
      Partial<FakeExecution> & { errorMessage?: string; input?: unknown },
  ): FakeExecution {
    // Real time, strictly increasing, so runs registered just before a call find their execution.
    this.#clock = Math.max(this.#clock + 1, Date.now());
    const { errorMessage, input, ...fields } = execution;
    // n8n's run data: the Webhook trigger outputs {headers, params, query, body}.
    const runData =
      input === undefined
        ? {}
        : {
            Webhook: [{ data: { main: [[{ json: { headers: {}, params: {}, query: {}, body: input } }]] } }],
          };
    const record: FakeExecution = {
      id: String(this.#nextId++),
      mode: 'webhook',
      startedAt: new Date(this.#clock).toISOString(),
      stoppedAt: new Date(this.#clock + 500).toISOString(),
      retryOf: null,
      retrySuccessId: null,
      ...fields,
      data: {
        resultData: errorMessage
          ? { runData, error: { message: errorMessage }, lastNodeExecuted: 'HTTP Request' }
          : { runData },
      },
    };
    this.executions.push(record);
    return record;
  }

  apiRequests(): RecordedRequest[] {
    return this.requests.filter((request) => request.path.startsWith('/api/'));
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const url = new URL(request.url ?? '/', this.url);
    const recorded = {
      method: request.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: request.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    this.requests.push(recorded);

    if (url.pathname.startsWith('/api/v1/')) return this.#api(recorded, response);
    if (url.pathname.startsWith('/webhook/')) return this.#webhook(recorded, response);
    this.#json(response, 404, { message: 'not found' });
  }

  #json(response: ServerResponse, status: number, body: unknown): void {
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    response.end(JSON.stringify(body));
  }

  #page<T>(items: T[], query: URLSearchParams): { data: T[]; nextCursor: string | null } {
    const limit = Math.min(Number(query.get('limit') ?? 100), 250);
    const offset = query.get('cursor')
      ? Number(Buffer.from(query.get('cursor') as string, 'base64url').toString())
      : 0;
    const data = items.slice(offset, offset + limit);
    const next = offset + limit;
    return { data, nextCursor: next < items.length ? Buffer.from(String(next)).toString('base64url') : null };
  }

  #api(request: RecordedRequest, response: ServerResponse): void {
    if (request.headers['x-n8n-api-key'] !== this.apiKey) {
      this.#json(response, 401, { message: 'unauthorized' });
      return;
    }
    const executionMatch = /^\/api\/v1\/executions\/([^/]+)$/.exec(request.path);
    if (executionMatch) {
      const execution = this.executions.find(
        (candidate) => candidate.id === decodeURIComponent(executionMatch[1] as string),
      );
      if (execution) this.#json(response, 200, this.#shape(execution, request.query));
      else this.#json(response, 404, { message: 'Not Found' });
      return;
    }
    if (request.path === '/api/v1/executions') {
      const status = request.query.get('status');
      const workflowId = request.query.get('workflowId');
      const matching = [...this.executions]
        .reverse()
        .filter(
          (execution) =>
            (!status || execution.status === status) && (!workflowId || execution.workflowId === workflowId),
        )
        .map((execution) => this.#shape(execution, request.query));
      this.#json(response, 200, this.#page(matching, request.query));
      return;
    }
    if (request.path === '/api/v1/workflows') {
      const data = this.workflows.map(({ id, name, active }) => ({
        id,
        name,
        active: active ?? true,
        createdAt: '2026-01-01T00:00:00.000Z',
        updatedAt: '2026-01-01T00:00:00.000Z',
        tags: [],
      }));
      this.#json(response, 200, this.#page(data, request.query));
      return;
    }
    this.#json(response, 404, { message: 'not found' });
  }

  #shape(execution: FakeExecution, query: URLSearchParams): Record<string, unknown> {
    const { data, ...summary } = execution;
    const finished = execution.status === 'success';
    return query.get('includeData') === 'true' ? { ...summary, finished, data } : { ...summary, finished };
  }

  async #webhook(request: RecordedRequest, response: ServerResponse): Promise<void> {
    const path = request.path.slice('/webhook/'.length);
    const behaviour = this.webhooks.get(path);
    const workflow = this.workflows.find(
      (candidate) => (candidate.webhookPath ?? candidate.name) === path && candidate.active !== false,
    );
    if (!behaviour || !workflow) {
      return this.#json(response, 404, {
        code: 404,
        message: `The requested webhook "${request.method} ${path}" is not registered.`,
        hint: "Click the 'Execute workflow' button on the canvas, then try again. (In test mode, the webhook only works for one call after you click this button)",
      });
    }
    const input = request.body ? (JSON.parse(request.body) as unknown) : {};
    if (behaviour.executionStatus)
      this.addExecution({
        workflowId: workflow.id,
        status: behaviour.executionStatus,
        errorMessage: behaviour.errorMessage,
        input,
      });
    if (behaviour.delayMs) await new Promise((resolve) => setTimeout(resolve, behaviour.delayMs));
    if (response.destroyed) return;
    response.writeHead(behaviour.status, { 'content-type': 'application/json; charset=utf-8' });
    response.end(behaviour.body ?? '');
  }
}
