import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Tier1Error } from '@tier1/core';

export interface StaticAsset {
  body: Buffer;
  contentType: string;
  /** A strong ETag, the content's hash: also the `?v=` the page asks for it with. */
  etag: string;
  version: string;
}

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/**
 * dist/client, where the build puts the page's bundle: beside this module once built
 * (dist/index.js), or ../dist/client when it runs from source (the tests).
 */
function clientDirectory(): string {
  const candidates = [new URL('./client/', import.meta.url), new URL('../dist/client/', import.meta.url)];
  for (const candidate of candidates) {
    const path = fileURLToPath(candidate);
    if (existsSync(`${path}main.js`)) return path;
  }
  throw new Tier1Error('DASHBOARD_NOT_BUILT', 'the dashboard page bundle (dist/client/main.js) is missing', {
    hint: 'build it: pnpm --filter @tier1/dashboard build',
  });
}

function asset(directory: string, name: string): StaticAsset {
  const body = readFileSync(`${directory}${name}`);
  const version = createHash('sha256').update(body).digest('base64url').slice(0, 16);
  const extension = name.slice(name.lastIndexOf('.'));
  return {
    body,
    contentType: CONTENT_TYPES[extension] ?? 'application/octet-stream',
    etag: `"${version}"`,
    version,
  };
}

/** The page's script, stylesheet and their source maps, read once. */
export function loadStaticAssets(): Map<string, StaticAsset> {
  const directory = clientDirectory();
  const assets = new Map<string, StaticAsset>();
  for (const name of ['main.js', 'main.css', 'main.js.map', 'main.css.map']) {
    if (existsSync(`${directory}${name}`)) assets.set(name, asset(directory, name));
  }
  return assets;
}
