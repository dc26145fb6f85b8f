import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, readIntegerVariable } from './config';
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

  it('names the project by TIER1_PROJECT_ID, else by its folder, and says which', () => {
    const cwd = project();
    const unnamed = loadConfig({ cwd, env: {} });
    expect(unnamed.projectId).toBe(cwd.split('/').pop());
    expect(unnamed.projectIdSetting).toBeUndefined();
    const named = loadConfig({ cwd, env: { TIER1_PROJECT_ID: ' shop ' } });
    expect(named).toMatchObject({ projectId: 'shop', projectIdSetting: 'shop' });
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
    ['TIER1_LOCK_TIMEOUT_MS', 'soon', 'is not a whole number from 0 to 600000'],
  ])('names %s when its value %s is bad, with an example', (variable, value, problem) => {
    const error = configError(() => loadConfig({ cwd: project(), env: { [variable]: value } }));
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(problem);
    expect(error.hint).toContain(`${variable}=`);
  });
});

describe('readIntegerVariable', () => {
  const variable = { min: 1, max: 100, fallback: 10, example: '20' };

  it('gives the fallback when unset or empty, and the number when in bounds', () => {
    expect(readIntegerVariable({}, 'TIER1_X', variable)).toBe(10);
    expect(readIntegerVariable({ TIER1_X: '  ' }, 'TIER1_X', variable)).toBe(10);
    expect(readIntegerVariable({ TIER1_X: ' 100 ' }, 'TIER1_X', variable)).toBe(100);
  });

  it.each(['0', '101', '-1', '2.5', 'lots'])('throws a ConfigError naming the variable for %j', (raw) => {
    const error = configError(() => readIntegerVariable({ TIER1_X: raw }, 'TIER1_X', variable));
    expect(error.variable).toBe('TIER1_X');
    expect(error.message).toBe(`TIER1_X: "${raw}" is not a whole number from 1 to 100`);
    expect(error.hint).toBe('set it like TIER1_X=20');
  });
});
