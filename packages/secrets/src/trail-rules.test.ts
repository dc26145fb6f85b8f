import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { SecretRule } from './rules';
import { EMPTY_SECRETS_CONFIG, type SecretAllowlist } from './secrets-config';
import { addProjectConfig, claimProjectRoot, readProjectConfig, trailSecretsConfig } from './trail-rules';

const rule = (id: string, extra: Partial<SecretRule> = {}): SecretRule => ({
  id,
  description: id,
  keywords: [],
  pattern: /x/dg,
  accept: () => true,
  ...extra,
});

const allowlist = (extra: Partial<SecretAllowlist>): SecretAllowlist => ({
  paths: [],
  regexes: [],
  regexTarget: 'secret',
  stopwords: [],
  condition: 'OR',
  ruleIds: [],
  ...extra,
});
const addTrailRules = (rules: SecretRule[]) =>
  addProjectConfig(`/project-${rules[0]?.id}`, { rules, allowlists: [] });

beforeEach(() => {
  delete (globalThis as Record<symbol, unknown>)[Symbol.for('tier1.secrets.project-configs')];
});

describe('the trail rules of a process', () => {
  it('are none until a project adds some', () => {
    expect(trailSecretsConfig()).toBe(EMPTY_SECRETS_CONFIG);
  });

  it('accumulate, with no allowlist, as one configuration object until more are added', () => {
    addTrailRules([rule('acme-token')]);
    const first = trailSecretsConfig();
    expect(first.rules.map((added) => added.id)).toEqual(['acme-token']);
    expect(first.allowlists).toEqual([]);
    expect(trailSecretsConfig()).toBe(first);
    addTrailRules([rule('other-token')]);
    expect(trailSecretsConfig().rules.map((added) => added.id)).toEqual(['acme-token', 'other-token']);
  });

  it('apply to every text, whatever path the project gave them, and beside a built-in rule of the same id', () => {
    addTrailRules([rule('acme-token', { path: /\.env$/ }), rule('github-token')]);
    const [acme, github] = trailSecretsConfig().rules;
    expect(acme?.path).toBeUndefined();
    expect(github?.id).toBe('project:github-token');
  });

  it('are shared by every copy of this module in the process (the hook runner bundles several)', async () => {
    addTrailRules([rule('acme-token')]);
    vi.resetModules();
    const otherCopy = await import('./trail-rules');
    expect(otherCopy.trailSecretsConfig).not.toBe(trailSecretsConfig);
    expect(otherCopy.trailSecretsConfig().rules.map((added) => added.id)).toEqual(['acme-token']);
    expect(otherCopy.claimProjectRoot('/p')).toBe(true);
    expect(claimProjectRoot('/p')).toBe(false);
    const config = { rules: [rule('p-token')], allowlists: [allowlist({ regexes: [/^p/] })] };
    otherCopy.addProjectConfig('/p', config);
    expect(readProjectConfig('/p')).toBe(config);
  });

  it("keep each project's whole file, allowlists too, for a scan of its own files", () => {
    expect(readProjectConfig('/never-read')).toBe(EMPTY_SECRETS_CONFIG);
    expect(claimProjectRoot('/q')).toBe(true);
    expect(readProjectConfig('/q')).toBe(EMPTY_SECRETS_CONFIG);
    const config = { rules: [], allowlists: [allowlist({ paths: [/^fixtures\//] })] };
    addProjectConfig('/q', config);
    expect(readProjectConfig('/q')).toBe(config);
    // A file with allowlists and no rules adds nothing to the trail.
    expect(trailSecretsConfig()).toBe(EMPTY_SECRETS_CONFIG);
  });

  it('look at each project root once', () => {
    expect(claimProjectRoot('/a')).toBe(true);
    expect(claimProjectRoot('/a')).toBe(false);
    expect(claimProjectRoot('/b')).toBe(true);
  });
});
