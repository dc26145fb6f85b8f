import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@tier1/core';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveCheckSettings } from './check-settings';
import { parseCheckerConfig } from './checker-config';
import { loadCheckerConfig } from './load-checker-config';

describe('parseCheckerConfig', () => {
  it('accepts an empty configuration and fills route defaults', () => {
    expect(parseCheckerConfig({})).toEqual({});
    const config = parseCheckerConfig({
      deployment: { smoke: { baseUrl: 'http://127.0.0.1:1', routes: [{ path: '/health' }] } },
    });
    expect(config.deployment?.smoke?.routes[0]).toMatchObject({ method: 'GET', status: 200 });
  });

  it('names the key path, the problem and an example', () => {
    let error: unknown;
    try {
      parseCheckerConfig({ checks: { tests: { timeoutMs: -5 } } }, 'tier1.config.json');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/^tier1\.config\.json › checks\.tests\.timeoutMs: /);
    expect((error as ConfigError).hint).toContain('"checks"');
  });

  it('rejects an unknown check name and a bad regular expression', () => {
    expect(() => parseCheckerConfig({ checks: { lint: true } })).toThrow(ConfigError);
    expect(() =>
      parseCheckerConfig({
        deployment: { smoke: { baseUrl: 'http://x', routes: [{ path: '/', matches: '(' }] } },
      }),
    ).toThrow(/deployment\.smoke\.routes\.0\.matches: is not a valid regular expression/);
  });

  it("resolves a check's settings over its defaults", () => {
    const config = parseCheckerConfig({
      checks: { performance: { severity: 'blocking' }, documentation: false },
    });
    const defaults = { severity: 'advisory' as const, timeoutMs: 120_000, enabled: true };
    expect(resolveCheckSettings(config, 'performance', defaults)).toEqual({
      enabled: true,
      severity: 'blocking',
      timeoutMs: 120_000,
    });
    expect(resolveCheckSettings(config, 'documentation', defaults).enabled).toBe(false);
    expect(resolveCheckSettings(config, 'tests', defaults)).toEqual(defaults);
  });
});

describe('loadCheckerConfig', () => {
  const dirs: string[] = [];
  const project = () => {
    const dir = mkdtempSync(join(tmpdir(), 'tier1-config-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('loads a TypeScript config through esbuild', async () => {
    const dir = project();
    writeFileSync(
      join(dir, 'tier1.config.ts'),
      `const timeout: number = 5000;\nexport default { checks: { tests: { timeoutMs: timeout } } } satisfies object;\n`,
    );
    const loaded = await loadCheckerConfig(dir);
    expect(loaded.source).toBe('tier1.config.ts');
    expect(loaded.config.checks?.tests).toEqual({ timeoutMs: 5000 });
  });

  it('loads an .mjs config exporting a function', async () => {
    const dir = project();
    writeFileSync(
      join(dir, 'tier1.config.mjs'),
      `export default async () => ({ checks: { performance: false } });\n`,
    );
    expect((await loadCheckerConfig(dir)).config.checks?.performance).toBe(false);
  });

  it('loads the tier1 key of package.json', async () => {
    const dir = project();
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name: 'x', tier1: { deployment: { branch: 'main' } } }),
    );
    expect(await loadCheckerConfig(dir)).toEqual({
      config: { deployment: { branch: 'main' } },
      source: 'package.json#tier1',
    });
  });

  it('reports a JSON config that does not parse as a configuration error', async () => {
    const dir = project();
    writeFileSync(join(dir, 'tier1.config.json'), '{ "checks": ');
    await expect(loadCheckerConfig(dir)).rejects.toThrow(/tier1\.config\.json: is not valid JSON/);
  });

  it('defaults to an empty configuration', async () => {
    expect(await loadCheckerConfig(project())).toEqual({ config: {}, source: undefined });
  });
});

describe('parseCheckerConfig inside a union', () => {
  it('reports the problem of the object form of a check setting, not "Invalid input"', () => {
    expect(() =>
      parseCheckerConfig({ checks: { tests: { timeoutMs: 'soon' } } }, 'tier1.config.json'),
    ).toThrow(
      /^tier1\.config\.json › checks\.tests\.timeoutMs: Invalid input: expected number, received string$/,
    );
  });
});
