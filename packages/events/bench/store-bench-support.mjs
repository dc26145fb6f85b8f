// Shared by ingest.mjs and query.mjs: fresh stores on both backends and percentiles.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';

export const ADMIN_DATABASE_URL =
  process.env.TIER1_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh PostgreSQL database tier1_t_<random>, or undefined (with the reason) when the server is unreachable. */
export async function createBenchDatabase() {
  const admin = postgres(ADMIN_DATABASE_URL, { max: 1, connect_timeout: 3, onnotice: () => {} });
  const name = `tier1_t_${randomBytes(6).toString('hex')}`;
  try {
    await admin.unsafe(`create database ${name}`);
  } catch (error) {
    return { unavailable: error.message };
  } finally {
    await admin.end({ timeout: 1 });
  }
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const again = postgres(ADMIN_DATABASE_URL, { max: 1, onnotice: () => {} });
      await again.unsafe(`drop database if exists ${name} with (force)`);
      await again.end();
    },
  };
}

export function createBenchDirectory() {
  const directory = mkdtempSync(join(tmpdir(), 'tier1-bench-'));
  return {
    dataDir: join(directory, 'db'),
    remove: () => rmSync(directory, { recursive: true, force: true }),
  };
}

export function percentile(sorted, fraction) {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

export function median(values) {
  return percentile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}
