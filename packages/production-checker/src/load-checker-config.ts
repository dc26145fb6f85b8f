import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '@tier1/core';
import type { CheckerConfig } from './checker-config';

/** Looked for in this order; the first one found is used. */
export const CONFIG_FILES = [
  'tier1.config.ts',
  'tier1.config.mts',
  'tier1.config.js',
  'tier1.config.mjs',
  'tier1.config.json',
] as const;

export interface LoadedCheckerConfig {
  config: CheckerConfig;
  /** The file it came from (`package.json#tier1` for the package.json key); undefined when none. */
  source: string | undefined;
}

const JSON_EXAMPLE = '{ "checks": { "performance": { "severity": "advisory" } } }';

async function importModule(path: string): Promise<unknown> {
  const module = (await import(`${pathToFileURL(path).href}?t=${Date.now()}`)) as { default?: unknown };
  const exported = module.default;
  return typeof exported === 'function' ? await (exported as () => unknown)() : exported;
}

/**
 * Node 20 cannot import TypeScript, so a `.ts` config is compiled with esbuild's transform
 * (types stripped, nothing bundled) into a temporary `.mjs` beside it, so its relative and
 * package imports resolve as they would from the original, and removed after the import.
 */
async function importTypeScript(path: string): Promise<unknown> {
  const { transform } = await import('esbuild');
  const source = await readFile(path, 'utf8');
  const { code } = await transform(source, {
    loader: 'ts',
    format: 'esm',
    target: 'node20',
    sourcefile: basename(path),
  });
  const compiled = join(dirname(path), `.${basename(path)}.${randomUUID()}.mjs`);
  await writeFile(compiled, code);
  try {
    return await importModule(compiled);
  } finally {
    await rm(compiled, { force: true });
  }
}

async function readConfigFile(path: string): Promise<unknown> {
  const name = basename(path);
  try {
    if (name.endsWith('.json')) return JSON.parse(await readFile(path, 'utf8'));
    if (name.endsWith('.ts') || name.endsWith('.mts')) return await importTypeScript(path);
    return await importModule(path);
  } catch (error) {
    const problem = name.endsWith('.json') ? 'is not valid JSON' : 'could not be loaded';
    throw new ConfigError(
      name,
      `${problem} (${(error as Error).message.split('\n')[0]})`,
      name.endsWith('.json') ? JSON_EXAMPLE : `export default ${JSON_EXAMPLE}`,
    );
  }
}

/**
 * Reads the project's checker configuration: the first of `tier1.config.{ts,mts,js,mjs,json}`,
 * else the `tier1` key of package.json, else the defaults. Throws a ConfigError for a file that
 * does not parse or a value that does not validate.
 */
export async function loadCheckerConfig(root: string): Promise<LoadedCheckerConfig> {
  for (const name of CONFIG_FILES) {
    const path = join(root, name);
    if (existsSync(path))
      return { config: await parseCheckerConfig(await readConfigFile(path), name), source: name };
  }
  const manifestPath = join(root, 'package.json');
  if (existsSync(manifestPath)) {
    let manifest: { tier1?: unknown };
    try {
      manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
    } catch (error) {
      throw new ConfigError(
        'package.json',
        `is not valid JSON (${(error as Error).message})`,
        '{ "name": "my-app", "tier1": {} }',
      );
    }
    if (manifest.tier1 !== undefined)
      return {
        config: await parseCheckerConfig(manifest.tier1, 'package.json#tier1'),
        source: 'package.json#tier1',
      };
  }
  // No configuration: the defaults, which are no settings at all.
  return { config: {}, source: undefined };
}

/** The schema's module (and zod with it) is loaded only for a project that has a configuration. */
async function parseCheckerConfig(value: unknown, source: string): Promise<CheckerConfig> {
  const schema = await import('./checker-config');
  return schema.parseCheckerConfig(value, source);
}
