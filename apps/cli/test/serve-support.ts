/*
 * What the `tier1 serve` integration tests share: temporary projects on a copied embedded store,
 * the real tier1 and tier1-hook bins, a detached server, and plain HTTP to it.
 */
import { execFile, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'vitest';
import { tier1HookBinPath } from '../src/hook-bin-path';
import { tier1BinPath } from '../src/tier1-bin';

const run = promisify(execFile);
// Each test runs several real processes one after another; a loaded 2-core machine makes them slow.
export const SLOW = 240_000;
const directories: string[] = [];
const servers: string[] = [];
let template: string | undefined;

export interface Project {
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export interface ServerInfoFile {
  pid: number;
  url: string;
  storeUrl: string | null;
  token?: string;
}

/** A temporary project directory, removed by `cleanUp`; on the template's store when there is one. */
export function project(extra: NodeJS.ProcessEnv = {}): Project {
  const cwd = mkdtempSync(join(tmpdir(), 'tier1-serve-'));
  directories.push(cwd);
  // initdb of a new embedded store takes 10-15 s here; a copy of one made once takes milliseconds.
  if (template && !extra.DATABASE_URL) {
    cpSync(join(template, '.tier1', 'db'), join(cwd, '.tier1', 'db'), { recursive: true });
  }
  return {
    cwd,
    env: { PATH: process.env.PATH, TIER1_PROJECT_ID: 'serve-test', TIER1_SERVER_PORT: '0', ...extra },
  };
}

/** Migrates one embedded store that every later `project()` copies (call it in beforeAll). */
export async function prepareStoreTemplate(): Promise<void> {
  const made = project();
  expect((await tier1(made, ['db', 'migrate'])).code).toBe(0);
  template = made.cwd;
}

/** Stops every server `serve` started and removes every project directory (call it in afterAll). */
export async function cleanUp(): Promise<void> {
  for (const cwd of servers.splice(0))
    await tier1({ cwd, env: { PATH: process.env.PATH } }, ['serve', 'stop']);
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
  template = undefined;
}

export async function tier1(
  p: Project,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [tier1BinPath(), ...args], {
      cwd: p.cwd,
      env: p.env,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** `tier1 serve --detach`; `cleanUp` stops it. */
export async function serve(p: Project, args: string[] = []): Promise<ServerInfoFile> {
  const started = await tier1(p, ['serve', '--detach', ...args]);
  expect(started.stderr).toBe('');
  expect(started.code).toBe(0);
  servers.push(p.cwd);
  return serverInfo(p);
}

export function serverInfo(p: Project): ServerInfoFile {
  return JSON.parse(readFileSync(join(p.cwd, '.tier1', 'server.json'), 'utf8'));
}

/** Runs the command hook on one payload, as Claude Code does. */
export function commandHook(p: Project, payload: object): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tier1HookBinPath()], { cwd: p.cwd, env: p.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', () => (stderr ? reject(new Error(`tier1-hook: ${stderr}`)) : resolve(stdout)));
    child.stdin.end(JSON.stringify(payload));
  });
}

export function http(
  url: string,
  options: { method?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      { method: options.method ?? 'GET', headers: options.headers },
      (response) => {
        let body = '';
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

/** Claude Code's `"type": "http"` hook: the same payload, POSTed to the server. */
export function httpHook(server: ServerInfoFile, payload: object): Promise<{ status: number; body: string }> {
  return http(`${server.url}/tier1-hook`, {
    method: 'POST',
    body: JSON.stringify(payload),
    headers: { 'content-type': 'application/json' },
  });
}

/** One event as `tier1 events list --json` prints it (the fields these tests read). */
export interface ListedEvent {
  uid: string;
  eventType: string;
  status: string;
  evidence: Record<string, unknown>;
}

export async function sessionEvents(p: Project, sessionId: string): Promise<ListedEvent[]> {
  const listed = await tier1(p, ['events', 'list', '--session', sessionId, '--json', '--limit', '1000']);
  expect(listed.stderr).toBe('');
  return JSON.parse(listed.stdout).events;
}

export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
