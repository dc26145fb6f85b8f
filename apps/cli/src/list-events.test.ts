import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeServerFile } from '@tier1/core';
import { afterEach, describe, expect, it } from 'vitest';
import { runCliForTest } from './test-cli';

// A stand-in for what a real tier1 serve cannot be made to do on demand: answer GET /events
// with something that is not its answer (another program took its port, a proxy in between).
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function projectWithStandIn(status: number, body: string): Promise<string> {
  const cwd = mkdtempSync(join(tmpdir(), 'tier1-list-events-'));
  const server: Server = createServer((_request, response) => {
    response.writeHead(status, { 'content-type': 'text/html' });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  cleanups.push(() => {
    server.close();
    rmSync(cwd, { recursive: true, force: true });
  });
  mkdirSync(join(cwd, '.tier1'));
  writeServerFile(join(cwd, '.tier1'), {
    pid: process.pid,
    host: hostname(),
    url: `http://127.0.0.1:${port}`,
    storeUrl: null,
    backend: 'pglite',
    store: `PGlite at ${join(cwd, '.tier1', 'db')}`,
    startedAt: new Date().toISOString(),
  });
  return cwd;
}

describe('tier1 events list through a server that does not answer as tier1 serve (loopback stand-in)', () => {
  for (const [status, body] of [
    [502, '<html>Bad gateway</html>'],
    [200, '<html>not tier1</html>'],
    [500, '{"error":"no code"}'],
  ] as const) {
    it(`says so, with the fix and no stack trace, for HTTP ${status} ${body}`, async () => {
      const cwd = await projectWithStandIn(status, body);
      const run = await runCliForTest(['events', 'list'], { cwd });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`answered GET /events with HTTP ${status}, not as tier1 serve does`);
      expect(run.stderr).toContain('fix: see tier1 serve status');
      expect(run.stderr).not.toMatch(/\n\s+at /);
    });
  }
});
