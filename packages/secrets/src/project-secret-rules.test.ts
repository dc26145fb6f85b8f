import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useTempDirectories } from '@tier1/core/testing';
import { describe, expect, it, vi } from 'vitest';
import { fakeSecrets, randomChars } from './fake-secrets';
import { projectSecretsConfig, useProjectSecretRules } from './project-secret-rules';
import { redactSecrets } from './redact-secrets';
import { EMPTY_SECRETS_CONFIG } from './secrets-config';

const ACME_RULE = `[[rules]]\nid = "acme-token"\nregex = '''acme_[a-z0-9]{32}'''\nkeywords = ["acme_"]\n`;
const acmeToken = (label: string) => `acme_${randomChars(label, 32, 'abcdefghijklmnopqrstuvwxyz0123456789')}`;

const tempDirectory = useTempDirectories('tier1-trail-rules-');

function project(config?: string): string {
  const root = tempDirectory();
  if (config !== undefined) writeFileSync(join(root, '.gitleaks.toml'), config);
  return root;
}

describe('useProjectSecretRules', () => {
  it("makes redactSecrets hide what the project's own rule finds, with the rule's marker", () => {
    const token = acmeToken('own rule');
    expect(redactSecrets(`deployed with ${token}`)).toContain(token);
    useProjectSecretRules(project(ACME_RULE));
    expect(redactSecrets(`deployed with ${token}`)).toBe('deployed with [REDACTED:acme-token]');
  });

  it('leaves out the allowlists: a secret the repository accepts is still hidden in the trail', () => {
    const token = acmeToken('allowlisted');
    const secret = fakeSecrets.githubToken();
    useProjectSecretRules(
      project(
        `${ACME_RULE}[allowlist]\nregexes = ['''^acme_''', '''^ghp_''']\nstopwords = ["${token.slice(5, 15)}"]\n`,
      ),
    );
    expect(redactSecrets(`${token} ${secret}`)).toBe('[REDACTED:acme-token] [REDACTED:github-token]');
  });

  it('adds a rule with a built-in id beside the built-in one: a project never narrows what the trail hides', () => {
    const secret = fakeSecrets.githubToken();
    useProjectSecretRules(project(`[[rules]]\nid = "github-token"\nregex = '''ghp_NEVER[a-z]{8}'''\n`));
    expect(redactSecrets(`token ${secret}`)).toBe('token [REDACTED:github-token]');
    expect(redactSecrets('token ghp_NEVERabcdefgh')).toBe('token [REDACTED:project:github-token]');
  });

  it('reads a root once per process, and a project without the file adds nothing', () => {
    const root = project();
    useProjectSecretRules(root);
    writeFileSync(join(root, '.gitleaks.toml'), ACME_RULE.replace('acme-token', 'late-token'));
    useProjectSecretRules(root);
    expect(redactSecrets(acmeToken('late'))).not.toContain('late-token');
  });

  it('a broken file: one warning naming it and the fix, and the built-in rules still redact', () => {
    const root = project('[[rules]]\nid = "broken"\nregex = "("\n');
    const warn = vi.fn();
    useProjectSecretRules(root, warn);
    useProjectSecretRules(root, warn);
    expect(warn).toHaveBeenCalledTimes(1);
    const [message] = warn.mock.calls[0] as [string];
    expect(message).toContain(`${join(root, '.gitleaks.toml')}: rules.broken.regex`);
    expect(message).toContain('fix the file (format: https://github.com/gitleaks/gitleaks#configuration)');
    expect(message).toContain('events are still recorded, redacted with the built-in secret rules only');
    const secret = fakeSecrets.githubToken();
    expect(redactSecrets(`token ${secret}`)).toBe('token [REDACTED:github-token]');
  });

  it('keeps the whole file, allowlists too, for projectSecretsConfig; none for a broken or unread one', () => {
    const root = project(`${ACME_RULE}[allowlist]\npaths = ['''^fixtures/''']\n`);
    expect(projectSecretsConfig(root)).toBe(EMPTY_SECRETS_CONFIG);
    useProjectSecretRules(root);
    const config = projectSecretsConfig(join(root, '.'));
    expect(config.rules.map((rule) => rule.id)).toEqual(['acme-token']);
    expect(config.allowlists[0]?.paths.map(String)).toEqual(['/^fixtures\\//']);
    const broken = project('[[rules]]\nid = "broken"\nregex = "("\n');
    useProjectSecretRules(broken, () => {});
    expect(projectSecretsConfig(broken)).toBe(EMPTY_SECRETS_CONFIG);
  });
});
