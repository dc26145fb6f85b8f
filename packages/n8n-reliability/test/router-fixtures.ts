import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import type { MonitorResult } from '../src/monitor-result';

export const REDIS_URL = process.env.TIER1_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** A port nothing listens on: connections are refused at once. */
export const UNREACHABLE_REDIS_URL = 'redis://127.0.0.1:1';

/** A BullMQ prefix of this test run's own, and a way to remove every key under it. */
export function redisPrefix(): { prefix: string; cleanup: () => Promise<void> } {
  const prefix = `tier1-test-${randomBytes(6).toString('hex')}`;
  return {
    prefix,
    cleanup: async () => {
      const client = new Redis(REDIS_URL);
      try {
        let cursor = '0';
        do {
          const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
          cursor = next;
          if (keys.length) await client.del(...keys);
        } while (cursor !== '0');
      } finally {
        client.disconnect();
      }
    },
  };
}

export interface TaskServer {
  url: string;
  requests: { path: string; key: string | undefined; body: unknown }[];
  close: () => Promise<void>;
}

/** A real HTTP task service on 127.0.0.1, answering through `answer`. */
export async function startTaskServer(
  answer: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<TaskServer> {
  const requests: TaskServer['requests'] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      const key = request.headers['idempotency-key'];
      requests.push({
        path: request.url ?? '',
        key: typeof key === 'string' ? key : undefined,
        body: body ? JSON.parse(body) : null,
      });
      answer(request, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** The architecture's example workflows and their fallback tasks; failedRun() is one of them. */
export const TASK_MAPPING: Readonly<Record<string, string>> = {
  'video-assembly': 'process_video',
  'draft-generator': 'generate_draft',
  'content-idea-capture': 'capture_idea',
  'kb-indexing': 'index_kb',
};

export function failedRun(overrides: Partial<MonitorResult> = {}): MonitorResult {
  return {
    failureDetected: true,
    failureType: '504_gateway_timeout',
    monitorId: `mon-${randomBytes(4).toString('hex')}`,
    taskId: 'video-assembly',
    workflowName: 'video-assembly',
    inputParams: { video: 'intro.mp4' },
    statusCode: 504,
    durationSeconds: 15.2,
    reason: 'Gateway Timeout',
    executionId: null,
    eventId: null,
    ...overrides,
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
