import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useProjectSecretRules } from '@tier1/secrets';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitRepo } from '../test/git-repo';
import { gitFactsIn } from './deploy-gate';
import { changesOfDiff, checkSecretGate } from './secret-gate';
import { secretScanner } from './secret-scanner';

/** A token-shaped value built at run time, so this file holds no secret for a scanner to flag. */
function githubToken(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let body = '';
  for (let index = 0; index < 36; index++) body += alphabet[(index * 7 + 3) % alphabet.length];
  return `ghp_${body}`;
}

describe('checkSecretGate (the engine of tier1 check, a real git repository)', () => {
  let repo: ReturnType<typeof createGitRepo>;
  const token = githubToken();
  const warnings: string[] = [];
  beforeEach(() => {
    repo = createGitRepo();
    warnings.length = 0;
  });
  afterEach(() => repo.remove());

  const gate = (
    toolName: string,
    toolInput: Record<string, unknown>,
    mode: 'deny' | 'ask' | 'off' = 'deny',
  ) =>
    checkSecretGate(
      toolName,
      toolInput,
      mode,
      repo.dir,
      secretScanner(repo.dir, (w) => warnings.push(w)),
      gitFactsIn(repo.dir).run,
    );

  it('denies a Write that adds a secret, redacted, with the environment variable to use', async () => {
    const verdict = await gate('Write', {
      file_path: join(repo.dir, 'src.ts'),
      content: `export const token = '${token}';\n`,
    });
    expect(verdict?.decision).toBe('deny');
    expect(verdict?.reason).toContain('this Write would put a secret into src.ts');
    expect(verdict?.reason).toContain('src.ts line 1: github-token');
    expect(verdict?.reason).toContain('process.env.GITHUB_TOKEN');
    expect(verdict?.reason).not.toContain(token);
    expect(JSON.stringify(verdict?.evidence)).not.toContain(token);
  });

  it('denies an Edit and a MultiEdit whose new text adds one; asks when configured to', async () => {
    writeFileSync(join(repo.dir, 'config.py'), 'API = "x"\n');
    const edit = {
      file_path: join(repo.dir, 'config.py'),
      old_string: 'API = "x"',
      new_string: `API = "${token}"`,
    };
    expect((await gate('Edit', edit))?.reason).toContain('os.environ["GITHUB_TOKEN"]');
    expect((await gate('Edit', edit, 'ask'))?.decision).toBe('ask');
    const multi = {
      file_path: join(repo.dir, 'config.py'),
      edits: [
        { old_string: 'x', new_string: 'y' },
        { old_string: 'y', new_string: token },
      ],
    };
    expect((await gate('MultiEdit', multi))?.gate).toBe('secret_gate');
  });

  it('lets a write pass that adds no secret, keeps one already there, or is allowed by a comment', async () => {
    const file = join(repo.dir, 'app.ts');
    expect(
      await gate('Write', { file_path: file, content: 'export const token = process.env.GITHUB_TOKEN;\n' }),
    ).toBeUndefined();
    writeFileSync(file, `const old = '${token}';\n`);
    expect(
      await gate('Edit', { file_path: file, old_string: 'const old', new_string: 'const older' }),
    ).toBeUndefined();
    expect(
      await gate('Write', {
        file_path: join(repo.dir, 'b.ts'),
        content: `const t = '${token}'; // tier1-allow: fixture\n`,
      }),
    ).toBeUndefined();
    expect(
      await gate('Write', { file_path: join(repo.dir, 'c.ts'), content: `const t = '${token}';\n` }, 'off'),
    ).toBeUndefined();
  });

  it('honours the secrets baseline', async () => {
    const { scanText } = await import('@tier1/secrets');
    const [finding] = scanText(`const t = '${token}';\n`, 'd.ts');
    writeFileSync(
      join(repo.dir, '.tier1-secrets-baseline.json'),
      JSON.stringify({
        version: 1,
        findings: [{ fingerprint: finding?.fingerprint, rule: 'github-token', file: 'd.ts' }],
      }),
    );
    expect(
      await gate('Write', { file_path: join(repo.dir, 'd.ts'), content: `const t = '${token}';\n` }),
    ).toBeUndefined();
    expect(
      await gate('Write', { file_path: join(repo.dir, 'e.ts'), content: `const t = '${token}';\n` }),
    ).toBeDefined();
  });

  it("applies the project's .gitleaks.toml as tier1 check does: its rules deny, its allowlists accept", async () => {
    const acme = `acme_${'k3y9q2w8e7r6t5y4u3i2o1p0'}`;
    writeFileSync(
      join(repo.dir, '.gitleaks.toml'),
      [
        '[[rules]]',
        'id = "acme-token"',
        "regex = '''acme_[a-z0-9]{24}'''",
        'keywords = ["acme_"]',
        '[allowlist]',
        "paths = ['''^fixtures/''']",
      ].join('\n'),
    );
    const write = (file: string, content: string) =>
      gate('Write', { file_path: join(repo.dir, file), content });
    // Before the hook has read the file (runHook's loadSecretRules), the built-in rules alone apply.
    expect(await write('a.ts', `const key = '${acme}';\n`)).toBeUndefined();
    expect(await write('fixtures/a.ts', `const t = '${token}';\n`)).toBeDefined();

    useProjectSecretRules(repo.dir, (w) => warnings.push(w));
    expect((await write('a.ts', `const key = '${acme}';\n`))?.reason).toContain('a.ts line 1: acme-token');
    expect(await write('fixtures/a.ts', `const t = '${token}';\n`)).toBeUndefined();
    expect((await write('src/b.ts', `const t = '${token}';\n`))?.reason).toContain('github-token');
    expect(warnings).toEqual([]);
  });

  it('denies a git commit whose staged changes hold a secret, and git add && commit in one call', async () => {
    writeFileSync(join(repo.dir, '.env.production'), `GITHUB_TOKEN=${token}\n`);
    expect(await gate('Bash', { command: 'git commit -m "add env"' })).toBeUndefined();
    const together = await gate('Bash', { command: 'git add -A && git commit -m "add env"' });
    expect(together?.reason).toContain(
      'this commit would add a secret: .env.production line 1: github-token',
    );
    repo.git('add', '.env.production');
    expect((await gate('Bash', { command: 'git commit -m "add env"' }))?.reason).toContain(
      '.env.production line 1:',
    );
    writeFileSync(join(repo.dir, 'README.md'), `# demo\n\nmore\ntoken: ${token}\n`);
    expect((await gate('Bash', { command: 'git commit -am "docs"' }))?.reason).toContain('README.md line 4:');
    expect(await gate('Bash', { command: 'git status' })).toBeUndefined();
  });

  it('reads the added lines of a diff, with context for allow comments', () => {
    const [change] = changesOfDiff(
      [
        'diff --git a/x.ts b/x.ts',
        '--- a/x.ts',
        '+++ b/x.ts',
        '@@ -9,1 +9,2 @@',
        ' // tier1-allow-next-line',
        '+const a = 1;',
      ].join('\n'),
    );
    expect(change?.file).toBe('x.ts');
    expect(change?.after.split('\n')[9]).toBe('const a = 1;');
    expect([...(change?.addedLines ?? [])]).toEqual([10]);
  });
});
