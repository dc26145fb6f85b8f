import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createRequestGuard, isLoopbackAddress } from './request-guard';

function request(headers: Record<string, string>): IncomingMessage {
  return { headers } as IncomingMessage;
}

describe('createRequestGuard', () => {
  const guard = createRequestGuard({ address: '127.0.0.1', port: 4319 });

  it("takes the server's own names, with or without its own Origin", () => {
    for (const host of ['127.0.0.1:4319', 'localhost:4319', '[::1]:4319', 'LOCALHOST:4319']) {
      expect(guard(request({ host }))).toBeUndefined();
    }
    expect(guard(request({ host: 'localhost:4319', origin: 'http://localhost:4319' }))).toBeUndefined();
  });

  it('refuses a rebound name, another port, a missing Host and a foreign Origin', () => {
    expect(guard(request({ host: 'attacker.example:4319' }))?.status).toBe(403);
    expect(guard(request({ host: '127.0.0.1:80' }))?.status).toBe(403);
    expect(guard(request({}))?.status).toBe(403);
    const crossSite = guard(request({ host: '127.0.0.1:4319', origin: 'https://attacker.example' }));
    expect(crossSite).toMatchObject({ status: 403, message: expect.stringContaining('cross-site') });
    expect(guard(request({ host: '127.0.0.1:4319', origin: 'null' }))?.status).toBe(403);
  });

  it('needs the token, by header or cookie, when it has one', () => {
    const open = createRequestGuard({ address: '0.0.0.0', port: 4319, token: 's3cret-token' });
    const host = '127.0.0.1:4319';
    expect(open(request({ host }))?.status).toBe(401);
    expect(open(request({ host, authorization: 'Bearer wrong' }))?.status).toBe(401);
    expect(open(request({ host, authorization: 'Bearer s3cret-token' }))).toBeUndefined();
    expect(open(request({ host, cookie: 'a=b; tier1_token=s3cret-token' }))).toBeUndefined();
    expect(open(request({ host: '0.0.0.0:4319', authorization: 'Bearer s3cret-token' }))).toBeUndefined();
  });
});

describe('isLoopbackAddress', () => {
  it('knows loopback from the rest', () => {
    expect(['127.0.0.1', '::1', 'localhost', '127.0.0.2'].map(isLoopbackAddress)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['0.0.0.0', '::', '192.168.1.4'].map(isLoopbackAddress)).toEqual([false, false, false]);
  });
});
