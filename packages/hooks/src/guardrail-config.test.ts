import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@tier1/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_SHIP_PATTERNS,
  GUARDRAILS_FILE,
  loadGuardrailConfig,
  parseGuardrailConfig,
} from './guardrail-config';

describe('guardrail configuration', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tier1-guardrails-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('defaults without a file: warn on claims, deny on both gates, every default pattern', () => {
    const config = loadGuardrailConfig(dir);
    expect(config.claims.mode).toBe('warn');
    expect(config.deployGate.mode).toBe('deny');
    expect(config.secretGate.mode).toBe('deny');
    expect(config.deployGate.patterns.map((pattern) => pattern.name)).toEqual(
      DEFAULT_SHIP_PATTERNS.map((pattern) => pattern.name),
    );
    expect(config.source).toBeUndefined();
  });

  it('reads modes, branches and pattern changes from tier1.guardrails.json', () => {
    writeFileSync(
      join(dir, GUARDRAILS_FILE),
      JSON.stringify({
        claims: { mode: 'block' },
        deployGate: {
          mode: 'ask',
          protectedBranches: ['trunk'],
          patterns: { add: [{ name: 'helm', command: '^helm\\s+upgrade\\b' }], remove: ['docker-push'] },
        },
        secretGate: { mode: 'off' },
      }),
    );
    const config = loadGuardrailConfig(dir);
    expect(config).toMatchObject({
      claims: { mode: 'block' },
      deployGate: { mode: 'ask', protectedBranches: ['trunk'] },
      secretGate: { mode: 'off' },
      source: join(dir, GUARDRAILS_FILE),
    });
    const names = config.deployGate.patterns.map((pattern) => pattern.name);
    expect(names).toContain('helm');
    expect(names).not.toContain('docker-push');
  });

  it('names every problem of a bad file, with a good value', () => {
    const { problems } = parseGuardrailConfig({
      claims: { mode: 'loud' },
      deployGate: {
        patterns: { add: [{ name: 'x', command: '(' }], remove: ['nope'] },
        protectedBranches: 'main',
      },
      secretgate: {},
    });
    expect(problems.map((problem) => problem.field)).toEqual([
      'secretgate',
      'claims.mode',
      'deployGate.protectedBranches',
      'deployGate.patterns.remove',
      'deployGate.patterns.add[0].command',
    ]);
    expect(problems[1]?.problem).toBe('must be warn, block, off');
  });

  it('throws a configuration error naming the file and field, never a stack of JSON', () => {
    writeFileSync(join(dir, GUARDRAILS_FILE), '{"claims": {"mode": "block"},');
    expect(() => loadGuardrailConfig(dir)).toThrowError(/tier1\.guardrails\.json: is not valid JSON/);
    writeFileSync(join(dir, GUARDRAILS_FILE), '{"deployGate": {"mode": 3}}');
    try {
      loadGuardrailConfig(dir);
      expect.unreachable();
    } catch (error) {
      expect(ConfigError.isInstance(error)).toBe(true);
      expect((error as Error).message).toContain('deployGate.mode: must be deny, ask, off');
      expect((error as { hint: string }).hint).toContain('"mode": "deny"');
    }
  });
});
