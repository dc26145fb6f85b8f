import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toolPath } from '../../../scripts/test-tools.mjs';

/*
 * A real n8n (the version pinned in scripts/test-tools.mjs) for the tests: started on a free
 * loopback port with its own N8N_USER_FOLDER (sqlite) in a temp dir, nothing phoning home, an
 * owner and a public-API key made through n8n's REST API, and the suite's workflows from
 * test/workflows/ imported and activated. Start it once (the package's vitest globalSetup): it
 * takes several seconds.
 */

export interface RealN8n {
  url: string;
  apiKey: string;
  /** Workflow name → n8n's id, for the workflows in test/workflows/. */
  workflowIds: Record<string, string>;
}

const WORKFLOWS_DIR = join(import.meta.dirname, 'workflows');
const OWNER = { email: 'owner@tier1.test', firstName: 'Tier', lastName: 'One', password: 'Tier1-test-pass' };
// n8n ties its auth cookie to the browser id it was issued for.
const BROWSER = { 'browser-id': 'tier1-tests' };

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Everything n8n would fetch or send over the network is off: telemetry, templates, banners, license renewal.
 * Its task runners' broker gets a free port too: on its default, 5679, a second n8n (the CLI's suite
 * runs one beside this package's) exits at start-up.
 */
function n8nEnv(userFolder: string, port: number, brokerPort: number): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: userFolder,
    N8N_USER_FOLDER: userFolder,
    N8N_PORT: String(port),
    N8N_LISTEN_ADDRESS: '127.0.0.1',
    N8N_RUNNERS_BROKER_PORT: String(brokerPort),
    N8N_HOST: '127.0.0.1',
    DB_TYPE: 'sqlite',
    N8N_ENCRYPTION_KEY: 'tier1-test-encryption-key',
    N8N_DIAGNOSTICS_ENABLED: 'false',
    N8N_DIAGNOSTICS_CONFIG_FRONTEND: '',
    N8N_DIAGNOSTICS_CONFIG_BACKEND: '',
    N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
    N8N_TEMPLATES_ENABLED: 'false',
    N8N_PERSONALIZATION_ENABLED: 'false',
    N8N_HIRING_BANNER_ENABLED: 'false',
    N8N_COMMUNITY_PACKAGES_ENABLED: 'false',
    N8N_AI_ENABLED: 'false',
    N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
    EXTERNAL_FRONTEND_HOOKS_URLS: '',
    N8N_SECURE_COOKIE: 'false',
    N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
    N8N_LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
  };
}

async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** `/healthz/readiness` answers before the REST routes exist; `/rest/settings` answering JSON means they do. */
async function waitUntilReady(url: string, child: ChildProcess, log: () => string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`n8n exited with ${child.exitCode} while starting:\n${log()}`);
    try {
      const response = await fetch(`${url}/rest/settings`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok && /json/.test(response.headers.get('content-type') ?? '')) {
        await response.json();
        return;
      }
      await response.body?.cancel();
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`n8n did not answer ${url}/rest/settings within ${timeoutMs} ms:\n${log()}`);
}

async function call(url: string, init: RequestInit & { headers?: Record<string, string> }) {
  const response = await fetch(url, {
    ...init,
    headers: { 'content-type': 'application/json', ...BROWSER, ...init.headers },
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url}: HTTP ${response.status} ${text}`);
  return { response, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** The owner (POST /rest/owner/setup logs them in) and a public-API key (POST /rest/api-keys). */
async function createOwnerAndApiKey(url: string): Promise<string> {
  const setup = await call(`${url}/rest/owner/setup`, { method: 'POST', body: JSON.stringify(OWNER) });
  const cookie = setup.response.headers
    .getSetCookie()
    .map((entry) => entry.split(';')[0])
    .join('; ');
  const { body } = await call(`${url}/rest/api-keys`, {
    method: 'POST',
    headers: { cookie },
    body: JSON.stringify({
      label: 'tier1 tests',
      scopes: [
        'workflow:create',
        'workflow:read',
        'workflow:list',
        'workflow:update',
        'workflow:activate',
      ].concat(['execution:read', 'execution:list', 'execution:retry']),
      expiresAt: null,
    }),
  });
  return (body.data as { rawApiKey: string }).rawApiKey;
}

/** Imports every workflow in test/workflows/ through the public API and activates it. */
async function importWorkflows(url: string, apiKey: string): Promise<Record<string, string>> {
  const headers = { 'X-N8N-API-KEY': apiKey };
  const ids: Record<string, string> = {};
  for (const file of readdirSync(WORKFLOWS_DIR)
    .filter((name) => name.endsWith('.json'))
    .sort()) {
    const workflow = JSON.parse(readFileSync(join(WORKFLOWS_DIR, file), 'utf8')) as { name: string };
    const { body } = await call(`${url}/api/v1/workflows`, {
      method: 'POST',
      headers,
      body: JSON.stringify(workflow),
    });
    const id = String(body.id);
    await call(`${url}/api/v1/workflows/${id}/activate`, { method: 'POST', headers });
    ids[workflow.name] = id;
  }
  return ids;
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(killer);
}

/** Starts the pinned n8n and prepares it; `stop()` ends it and removes its folder. */
export async function startRealN8n(
  options: { startTimeoutMs?: number } = {},
): Promise<{ n8n: RealN8n; stop: () => Promise<void> }> {
  const userFolder = mkdtempSync(join(tmpdir(), 'tier1-real-n8n-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(toolPath('n8n') as string, ['start'], {
    env: n8nEnv(userFolder, port, await freePort()),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output = (output + chunk).slice(-20_000);
  });
  child.stderr?.on('data', (chunk) => {
    output = (output + chunk).slice(-20_000);
  });
  const stop = async () => {
    await stopProcess(child);
    rmSync(userFolder, { recursive: true, force: true });
  };
  try {
    await waitUntilReady(url, child, () => output, options.startTimeoutMs ?? 180_000);
    const apiKey = await createOwnerAndApiKey(url);
    const workflowIds = await importWorkflows(url, apiKey);
    return { n8n: { url, apiKey, workflowIds }, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
