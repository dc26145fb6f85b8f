import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface RequestGuardOptions {
  /** The address the server is bound to, e.g. 127.0.0.1 or 0.0.0.0. */
  address: string;
  port: number;
  /** Required on every request when set (the server listens beyond loopback). */
  token?: string;
}

export interface Refusal {
  status: 403 | 401;
  message: string;
}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/** Whether an address is this machine only, where binding needs no token. */
export function isLoopbackAddress(address: string): boolean {
  return (
    address === '127.0.0.1' || address === '::1' || address === 'localhost' || address.startsWith('127.')
  );
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function tokenOf(request: IncomingMessage): string | undefined {
  const authorization = request.headers.authorization;
  if (authorization?.startsWith('Bearer ')) return authorization.slice('Bearer '.length).trim();
  const cookie = request.headers.cookie
    ?.split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith('tier1_token='));
  return cookie?.slice('tier1_token='.length);
}

/**
 * Refuses what a web page could make a browser send. A DNS-rebinding page reaches 127.0.0.1 under
 * its own name, so the `Host` must be one of the server's own names; a cross-site form or fetch
 * carries its site's `Origin`, so an `Origin`, when present, must be the server's own. Beyond
 * loopback every request must also carry the token (docs/server.md, "Security").
 */
export function createRequestGuard(
  options: RequestGuardOptions,
): (request: IncomingMessage) => Refusal | undefined {
  const names = new Set(
    [...LOOPBACK_NAMES, options.address.includes(':') ? `[${options.address}]` : options.address].map(
      (name) => `${name}:${options.port}`,
    ),
  );
  const origins = new Set([...names].map((name) => `http://${name}`));
  return (request) => {
    const host = request.headers.host?.toLowerCase();
    if (!host || !names.has(host)) {
      return { status: 403, message: `Host "${host ?? ''}" is not this server's (${[...names][0]})` };
    }
    const origin = request.headers.origin?.toLowerCase();
    if (origin !== undefined && !origins.has(origin)) {
      return {
        status: 403,
        message: `Origin "${origin}" is not this server's: cross-site requests are refused`,
      };
    }
    if (options.token !== undefined) {
      const given = tokenOf(request);
      if (given === undefined || !sameSecret(given, options.token)) {
        return { status: 401, message: 'this server needs its token: send Authorization: Bearer <token>' };
      }
    }
    return undefined;
  };
}
