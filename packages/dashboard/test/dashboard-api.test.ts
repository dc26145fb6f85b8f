import type { AutomationHub } from '@tier1/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, type ServedDashboard, serveDashboard, storeBackend } from './support/dashboard-stores';
import { type SeededTrail, seedTrail } from './support/seed-trail';

/** An event as the API answers it. */
interface ApiEvent {
  id: number;
  uid: string;
  eventType: string;
  projectId: string;
  sessionId: string | null;
  createdAt: string;
  evidence: Record<string, unknown>;
  metadata: Record<string, unknown> | null;
}

/** The answers' fields these tests read (each answer has some of them). */
interface ApiBody {
  events: ApiEvent[];
  sessions: ApiEvent[];
  checks: (ApiEvent & { changes: unknown[]; decisionBefore: string | null })[];
  counts: { events: number }[];
  correlated: ApiEvent[];
  event: ApiEvent;
  nextCursor: string | null;
  position: number;
  failures: number;
  recoverySeconds: unknown;
  error: unknown;
}

async function getJson(
  base: string,
  path: string,
): Promise<{ status: number; body: ApiBody; headers: Headers }> {
  const response = await fetch(`${base}${path}`);
  return { status: response.status, body: (await response.json()) as ApiBody, headers: response.headers };
}

/** Reads server-sent events from /api/stream until `until` holds for what arrived (or 10 s pass). */
async function readStream(
  url: string,
  headers: Record<string, string>,
  until: (events: ApiEvent[]) => boolean,
  whileOpen: () => Promise<void> = async () => {},
): Promise<{ events: ApiEvent[]; ids: string[] }> {
  const abort = new AbortController();
  const response = await fetch(url, { headers, signal: abort.signal });
  expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const events: ApiEvent[] = [];
  const ids: string[] = [];
  let buffer = '';
  const deadline = Date.now() + 10_000;
  let started = false;
  try {
    while (Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const message = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = message.split('\n').find((line) => line.startsWith('data: '));
        const id = message.split('\n').find((line) => line.startsWith('id: '));
        if (data) events.push(...JSON.parse(data.slice(6)));
        if (id) ids.push(id.slice(4));
        end = buffer.indexOf('\n\n');
      }
      if (!started) {
        started = true;
        await whileOpen();
      }
      if (until(events)) break;
    }
  } finally {
    abort.abort();
  }
  return { events, ids };
}

describe.each(BACKENDS)('dashboard API [%s]', (backend) => {
  const backendStores = storeBackend(backend);
  let hub: AutomationHub;
  let served: ServedDashboard;
  let trail: SeededTrail;
  let base: string;

  beforeAll(async () => {
    hub = await backendStores.openFreshStore();
    trail = await seedTrail(hub, 'shop');
    await seedTrail(hub, 'blog');
    served = await serveDashboard({ hub: hub, pollIntervalMs: 100 });
    base = served.url;
  }, 120_000);
  afterAll(async () => {
    await served?.close();
    await backendStores.cleanup();
  });

  it('lists sessions newest first, each summed up', async () => {
    const { status, body, headers } = await getJson(base, '/api/sessions?project=shop');
    expect(status).toBe(200);
    expect(headers.get('server-timing')).toMatch(/^app;dur=\d+\.\d\d$/);
    expect(body.sessions.map((session) => (session as unknown as { sessionId: string }).sessionId)).toEqual([
      trail.sessionId,
      trail.olderSessionId,
    ]);
    expect(body.sessions[0]).toMatchObject({
      projectId: 'shop',
      events: 6,
      prompts: 2,
      toolCalls: 5,
      failures: 1,
      actionItemsMoved: 2,
    });
    expect(body.position).toBeGreaterThan(0);
  });

  it('gives one session’s events oldest first, with the prompt and the evidence of each', async () => {
    const { body } = await getJson(base, `/api/sessions/${trail.sessionId}/events`);
    expect(body.events.map((event) => event.eventType)).toEqual([
      'session_started',
      'no_action_taken',
      'no_action_taken',
      'action_item_completed',
      'action_item_synced',
      'no_action_taken',
    ]);
    expect(body.events[3]?.evidence).toMatchObject({ detected_keyword: 'all tests passed', todo_id: '3' });
    expect(body.events.map((event) => event.metadata?.prompt_id ?? null)).toEqual([
      null,
      'p1',
      'p1',
      'p1',
      'p2',
      'p2',
    ]);
    expect(body.nextCursor).toBeNull();
  });

  it('filters events by project, type, status and time, and pages with the cursor', async () => {
    const failed = await getJson(
      base,
      '/api/events?project=shop&status=failed&type=n8n_failure_detected,production_check',
    );
    expect(failed.body.events.map((event) => event.eventType).sort()).toEqual([
      'n8n_failure_detected',
      'n8n_failure_detected',
      'n8n_failure_detected',
      'production_check',
    ]);
    expect(new Set(failed.body.events.map((event) => event.projectId))).toEqual(new Set(['shop']));
    const since = new Date(Date.now() - 60 * 60_000).toISOString();
    const recent = await getJson(base, `/api/events?project=shop&since=${since}`);
    expect(recent.body.events.every((event) => Date.parse(event.createdAt) >= Date.parse(since))).toBe(true);
    const seen: number[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page = await getJson(
        base,
        `/api/events?project=blog&limit=4${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.body.events.map((event) => event.id));
      cursor = page.body.nextCursor;
    }
    expect(seen.length).toBe(17);
    expect(new Set(seen).size).toBe(17);
  });

  it('shows an event with its correlated events', async () => {
    const { body } = await getJson(base, `/api/events/${trail.failure.id}`);
    expect(body.event.uid).toBe(trail.failure.uid);
    expect(body.correlated.map((event) => event.uid)).toEqual([trail.recovery.uid]);
  });

  it('gives production checks with what changed since the last one of the project', async () => {
    const { body } = await getJson(base, '/api/checks?project=shop');
    expect(body.checks.map((check) => check.evidence.decision)).toEqual(['go', 'warning', 'no_go']);
    expect(body.checks[0]).toMatchObject({
      decisionBefore: 'warning',
      changes: [
        { check: 'build', before: null, after: true },
        { check: 'secrets', before: false, after: true },
      ],
    });
    expect(body.checks[1]?.changes).toEqual([{ check: 'tests', before: false, after: true }]);
    expect(body.checks[2]).toMatchObject({ previousId: null, changes: [] });
    // A page of one still compares with the check before it.
    const single = await getJson(base, '/api/checks?project=shop&limit=1');
    expect(single.body.checks[0]?.decisionBefore).toBe('warning');
  });

  it('sums up n8n failures and recoveries over a window', async () => {
    const { body } = await getJson(base, '/api/n8n?project=shop&hours=24');
    expect(body).toMatchObject({
      failures: 3,
      recoveries: { attempted: 3, recovered: 2, rate: 66.7 },
      failureTypes: [
        { failureType: '504_gateway_timeout', count: 2 },
        { failureType: 'rate_limited', count: 1 },
      ],
      recoveredBy: [
        { tier: 'direct_api', count: 1 },
        { tier: 'queue', count: 1 },
      ],
      workflows: [
        { workflow: 'video-assembly', failures: 2, recovered: 1, unrecovered: 1, recoveryRate: 50 },
        { workflow: 'email-digest', failures: 1, recovered: 1, unrecovered: 0, recoveryRate: 100 },
      ],
      truncated: false,
    });
    expect(body.recoverySeconds).toEqual({ median: 3.2, p95: 12.5, max: 12.5 });
    const narrow = await getJson(base, '/api/n8n?project=shop&hours=1');
    expect(narrow.body.failures).toBe(1);
  });

  it('counts events per hour', async () => {
    const { body } = await getJson(base, '/api/hourly?project=shop&hours=24');
    expect(body.counts.reduce((sum, hour) => sum + hour.events, 0)).toBe(17);
  });

  it('answers a bad request with the problem and the fix, never a stack trace', async () => {
    const bad = await getJson(base, '/api/events?limit=5000');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('limit') });
    const cursor = await getJson(base, '/api/events?cursor=garbage');
    expect(cursor.status).toBe(400);
    expect(cursor.body.error).toMatchObject({ code: 'INVALID_INPUT', hint: expect.any(String) });
    expect((await getJson(base, '/api/events/999999')).status).toBe(404);
    expect((await getJson(base, '/api/events/%00%ff')).status).toBe(400);
    expect((await getJson(base, '/api/hourly?hours=0')).status).toBe(400);
    const post = await fetch(`${base}/api/events`, { method: 'POST', body: '{}' });
    expect(post.status).toBe(405);
    expect(JSON.stringify(await post.json())).not.toMatch(/at \w+ \(/);
    expect((await fetch(`${base}/elsewhere`)).status).toBe(404);
  });

  it('serves the page and its bundle with their types and cache rules', async () => {
    const page = await fetch(`${base}/`);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const html = await page.text();
    const script = html.match(/src="(\/assets\/main\.js\?v=[\w-]+)"/)?.[1] as string;
    const style = html.match(/href="(\/assets\/main\.css\?v=[\w-]+)"/)?.[1] as string;
    const js = await fetch(`${base}${script}`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await js.text()).length).toBeGreaterThan(10_000);
    const css = await fetch(`${base}${style}`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    const again = await fetch(`${base}/assets/main.js`, {
      headers: { 'if-none-match': js.headers.get('etag') as string },
    });
    expect(again.status).toBe(304);
    expect(again.headers.get('cache-control')).toBe('no-cache');
  });

  it('streams newly stored events that match the stream’s filters, at once after notify()', async () => {
    const sessionId = `${trail.sessionId}-stream`;
    const started = Date.now();
    const { events } = await readStream(
      `${base}/api/stream?session=${sessionId}`,
      {},
      (arrived) => arrived.length >= 2,
      async () => {
        // Give the poller its starting position, then store: one for this stream, one not.
        await new Promise((settled) => setTimeout(settled, 300));
        await hub.storeEvents([
          {
            eventType: 'session_started',
            projectId: 'shop',
            status: 'success',
            evidence: { hook_event_name: 'SessionStart' },
            detectedFrom: 'hook',
            sessionId,
          },
          {
            eventType: 'session_started',
            projectId: 'shop',
            status: 'success',
            evidence: { hook_event_name: 'SessionStart' },
            detectedFrom: 'hook',
            sessionId: 'another-session',
          },
          {
            eventType: 'session_stopped',
            projectId: 'shop',
            status: 'success',
            evidence: { hook_event_name: 'Stop' },
            detectedFrom: 'hook',
            sessionId,
            // Drained late: stored now, though it happened a day ago.
            createdAt: new Date(Date.now() - 24 * 3_600_000),
          },
        ]);
        served.dashboard.notify();
      },
    );
    expect(events.map((event) => event.eventType)).toEqual(['session_started', 'session_stopped']);
    expect(events.every((event) => event.sessionId === sessionId)).toBe(true);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('replays what was stored after a position (Last-Event-ID) before following', async () => {
    const { body } = await getJson(base, '/api/events?limit=1');
    const position = body.position as number;
    const stored = await hub.storeEvent({
      eventType: 'production_check',
      projectId: 'replay',
      status: 'success',
      evidence: { decision: 'go', confidence: 100, checks: {} },
      detectedFrom: 'skill',
    });
    const { events, ids } = await readStream(
      `${base}/api/stream?project=replay`,
      { 'last-event-id': String(position) },
      (arrived) => arrived.length >= 1,
    );
    expect(events.map((event) => event.uid)).toEqual([stored.uid]);
    expect(ids).toEqual([String(stored.id)]);
    const bad = await fetch(`${base}/api/stream?after=-3`);
    expect(bad.status).toBe(400);
  });
});
