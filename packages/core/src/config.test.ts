import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from './config';
import { ConfigError } from './errors';

const dirs: string[] = [];
function project(envFile?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tier1-config-'));
  dirs.push(dir);
  if (envFile !== undefined) writeFileSync(join(dir, '.env'), envFile);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('defaults to the embedded store under .tier1 and everything switched on', () => {
    const cwd = project();
    const config = loadConfig({ cwd, env: {} });
    expect(config).toMatchObject({
      databaseUrl: undefined,
      home: join(cwd, '.tier1'),
      logLevel: 'info',
      automationEnabled: true,
      actionItemTrackingEnabled: true,
      n8nReliabilityEnabled: true,
      secrets: [],
    });
  });

  it('reads .env and lets the environment win', () => {
    const cwd = project('LOG_LEVEL=debug\nN8N_URL=http://localhost:5678\nACTION_ITEM_TRACKING_ENABLED=no\n');
    const config = loadConfig({ cwd, env: { LOG_LEVEL: 'warn' } });
    expect(config.logLevel).toBe('warn');
    expect(config.n8nUrl).toBe('http://localhost:5678');
    expect(config.actionItemTrackingEnabled).toBe(false);
  });

  it('treats an empty value as unset', () => {
    expect(loadConfig({ cwd: project(), env: { DATABASE_URL: '' } }).databaseUrl).toBeUndefined();
  });

  it('collects the values that must never be stored', () => {
    const config = loadConfig({
      cwd: project(),
      env: { N8N_API_KEY: 'n8n_key_123', DATABASE_URL: 'postgres://app:p%40ss@db/tier1' },
    });
    expect(config.secrets).toEqual(['n8n_key_123', 'p@ss']);
  });

  it.each([
    ['DATABASE_URL', 'mysql://db/x', 'must start with postgres: or postgresql:'],
    ['DATABASE_URL', 'not a url', 'is not a URL'],
    ['REDIS_URL', 'http://localhost:6379', 'redis:'],
    ['LOG_LEVEL', 'loud', 'must be debug, info, warn, error or silent'],
    ['AUTOMATION_ENABLED', 'maybe', 'is not true or false'],
    ['TIER1_LOCK_TIMEOUT_MS', 'soon', 'is not a number'],
  ])('names %s when its value %s is bad, with an example', (variable, value, problem) => {
    const error = configError(() => loadConfig({ cwd: project(), env: { [variable]: value } }));
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(problem);
    expect(error.hint).toContain(`${variable}=`);
  });
});
