import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AutomationEventInput, AutomationHub } from '@tier1/events';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, type ServedDashboard, serveDashboard, storeBackend } from './support/dashboard-stores';
import { type SeededTrail, seedTrail } from './support/seed-trail';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const { toolPath } = (await import(pathToFileURL(join(ROOT, 'scripts/test-tools.mjs')).href)) as {
  toolPath: (name: string) => string;
};
/** TIER1_DASHBOARD_SCREENSHOTS=1 writes the main pages (PGlite run) to docs/dashboard/*.png. */
const SCREENSHOTS =
  process.env.TIER1_DASHBOARD_SCREENSHOTS === '1' ? join(ROOT, 'docs', 'dashboard') : undefined;

/** Debian's Chromium, headless, with a fresh profile and nothing that reaches the network. */
async function launchChromium(profile: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, {
    executablePath: toolPath('chromium'),
    headless: true,
    viewport: { width: 1280, height: 860 },
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

function hookEvent(sessionId: string, fields: Partial<AutomationEventInput>): AutomationEventInput {
  return {
    eventType: 'no_action_taken',
    projectId: 'shop',
    status: 'skipped',
    evidence: { tool_name: 'bash', context_snippet: 'ok' },
    detectedFrom: 'hook',
    sessionId,
    ...fields,
  };
}

describe.each(BACKENDS)('dashboard in Chromium [%s]', (backend) => {
  const backendStores = storeBackend(backend);
  let hub: AutomationHub;
  let served: ServedDashboard;
  let trail: SeededTrail;
  let context: BrowserContext;
  let page: Page;
  const profile = mkdtempSync(join(tmpdir(), 'tier1-chromium-'));
  const pageErrors: string[] = [];

  const screenshot = async (name: string) => {
    if (!SCREENSHOTS || backend !== 'pglite') return;
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  };

  beforeAll(async () => {
    hub = await backendStores.openFreshStore();
    trail = await seedTrail(hub, 'shop');
    await seedTrail(hub, 'blog', Date.now() - 3_600_000);
    served = await serveDashboard({ hub: hub });
    context = await launchChromium(profile);
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 180_000);
  afterAll(async () => {
    await context?.close();
    await served?.close();
    await backendStores.cleanup();
    rmSync(profile, { recursive: true, force: true });
    expect(pageErrors).toEqual([]);
  });

  it('lists the sessions, newest first, with their counts', async () => {
    await page.goto(`${served.url}/`);
    const rows = page.locator('[data-testid=session-table] tbody tr');
    await expect.poll(() => rows.count()).toBe(4);
    const first = rows.first();
    expect(await first.getAttribute('data-session-id')).toBe(trail.sessionId);
    // prompts, tool calls, failures, items moved, events
    expect(await first.locator('td.number').allTextContents()).toEqual(['5 min', '2', '5', '1', '2', '6']);
    await screenshot('sessions');
  });

  it('follows a live session: the timeline grows as events are stored, without a reload', async () => {
    await page.click(`a[href="#/sessions/${trail.sessionId}"]`);
    const timeline = page.locator('[data-testid=timeline]');
    await expect
      .poll(() => timeline.locator('[data-testid=prompt-group] h3').allTextContents())
      .toEqual(['Outside a prompt', 'Prompt p1', 'Prompt p2']);
    expect(await timeline.locator('[data-testid=failed-tool-call]').textContent()).toContain(
      '3 tests failed',
    );
    expect(await timeline.locator('[data-testid=action-item-evidence]').first().textContent()).toContain(
      'keyword “all tests passed”',
    );
    await page.evaluate(() => {
      (globalThis as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    await expect.poll(() => page.textContent('#live')).toBe('● live');
    await hub.storeEvent(
      hookEvent(trail.sessionId, {
        metadata: { prompt_id: 'p3', tool_use_id: 'toolu_live', hook_type: 'PostToolUse' },
      }),
    );
    served.dashboard.notify();
    await expect
      .poll(() => timeline.locator('[data-testid=prompt-group] h3').last().textContent())
      .toBe('Prompt p3');
    // Without notify() the poller finds it within its interval.
    await hub.storeEvent(
      hookEvent(trail.sessionId, {
        eventType: 'session_stopped',
        status: 'success',
        evidence: { hook_event_name: 'Stop' },
        metadata: { prompt_id: 'p3', hook_type: 'Stop' },
      }),
    );
    await expect.poll(() => timeline.locator('li').last().textContent()).toContain('session_stopped');
    expect(await page.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded)).toBe(
      true,
    );
    await screenshot('session');
  });

  it('filters the events page and shows new events on top as they arrive', async () => {
    await page.goto(`${served.url}/#/events`);
    const rows = page.locator('[data-testid=event-table] tbody tr');
    await expect.poll(() => rows.count()).toBeGreaterThan(30);
    await page.selectOption('select[name=status]', 'failed');
    await expect
      .poll(() =>
        page.evaluate(() => (globalThis as unknown as { location: { hash: string } }).location.hash),
      )
      .toBe('#/events?status=failed');
    await expect
      .poll(async () => new Set(await rows.locator('td:nth-child(3)').allTextContents()))
      .toEqual(new Set(['failed']));
    await page.fill('input[name=project]', 'blog');
    await page.press('input[name=project]', 'Enter');
    await expect
      .poll(async () => new Set(await rows.locator('td:nth-child(4)').allTextContents()))
      .toEqual(new Set(['blog']));
    const before = await rows.count();
    await hub.storeEvent({
      eventType: 'n8n_failure_detected',
      projectId: 'blog',
      status: 'failed',
      evidence: {
        task_id: 'task-live',
        workflow_name: 'live-workflow',
        failure_type: 'connection_refused',
        status_code: null,
        duration_seconds: 0.1,
        response_snippet: 'ECONNREFUSED',
        timestamp: new Date().toISOString(),
      },
      detectedFrom: 'monitor',
    });
    // A matching event arrives on top; one that does not match the filters never shows.
    await hub.storeEvent(hookEvent('elsewhere', { projectId: 'shop', status: 'skipped' }));
    served.dashboard.notify();
    await expect.poll(() => rows.first().textContent()).toContain('live-workflow: connection_refused');
    expect(await rows.count()).toBe(before + 1);
    await page.goto(`${served.url}/#/events`);
    await expect.poll(() => rows.count()).toBeGreaterThan(30);
    await expect.poll(() => page.locator('[data-testid=hourly-chart] canvas').count()).toBe(1);
    await screenshot('events');
  });

  it('opens an event with its correlated events', async () => {
    await page.goto(`${served.url}/#/events?project=shop&type=n8n_failure_detected`);
    await page.click(`a[href="#/events/${trail.failure.id}"]`);
    await expect.poll(() => page.textContent('h1')).toContain('n8n_failure_detected');
    expect(await page.textContent('[data-testid=evidence]')).toContain('504_gateway_timeout');
    const correlated = page.locator('[data-testid=correlated-table] tbody tr');
    await expect.poll(() => correlated.count()).toBe(1);
    expect(await correlated.getAttribute('data-event-id')).toBe(String(trail.recovery.id));
    await screenshot('event');
  });

  it('shows production checks over time with what changed', async () => {
    await page.goto(`${served.url}/#/checks?project=shop`);
    const rows = page.locator('[data-testid=check-table] tbody tr');
    await expect.poll(() => rows.count()).toBe(3);
    expect(await rows.first().textContent()).toContain('secrets: failed → passed');
    expect(await rows.nth(1).textContent()).toContain('decision no_go → warning');
    expect(await page.locator('[data-testid=check-chart] canvas').count()).toBe(1);
    await screenshot('checks');
  });

  it('shows n8n failures, the tiers that recovered them and the rates per workflow', async () => {
    await page.goto(`${served.url}/#/n8n?project=shop`);
    const workflows = page.locator('[data-testid=workflows] tbody tr');
    await expect.poll(() => workflows.count()).toBe(2);
    expect(await workflows.first().textContent()).toBe('video-assembly21150%');
    expect(await page.textContent('[data-testid=recovered-by]')).toContain('queue');
    expect(await page.locator('[data-testid=recovery-chart] canvas').count()).toBe(1);
    await screenshot('n8n');
  });
});
