import type { ServerInfo } from './server-file';

export interface ServerResponse {
  status: number;
  body: string;
}

/**
 * One request to a running `tier1 serve`, through node:http (loading fetch's undici costs a
 * short-lived process more than the request itself), loaded on first use like node:os
 * (host-name.ts). Sends the token when the server has one.
 */
export function requestServer(
  server: Pick<ServerInfo, 'url' | 'token'>,
  path: string,
  options: { method?: 'GET' | 'POST'; body?: string; timeoutMs?: number } = {},
): Promise<ServerResponse> {
  const headers: Record<string, string> = {};
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(options.body));
  }
  if (server.token) headers.authorization = `Bearer ${server.token}`;
  return new Promise((resolve, reject) => {
    const outgoing = process
      .getBuiltinModule('node:http')
      .request(new URL(path, server.url), { method: options.method ?? 'GET', headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', reject);
      });
    outgoing.setTimeout(options.timeoutMs ?? 10_000, () =>
      outgoing.destroy(
        Object.assign(new Error(`tier1 serve at ${server.url} did not answer`), { code: 'ETIMEDOUT' }),
      ),
    );
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}
