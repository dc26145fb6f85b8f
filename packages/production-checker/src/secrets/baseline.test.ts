import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanText } from '@tier1/secrets';
import { fakeSecrets as fake } from '@tier1/secrets/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BaselineNotFoundError,
  DEFAULT_BASELINE_FILE,
  InvalidBaselineError,
  readBaseline,
  writeBaseline,
} from './baseline';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'tier1-baseline-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('secrets baseline', () => {
  it('round-trips the fingerprints of findings without storing a value', async () => {
    const token = fake.githubToken();
    const findings = [...scanText(`GH=${token}`, '.env'), ...scanText(`x ${fake.npmToken()}`, 'ci/.npmrc')];
    const written = await writeBaseline(root, [...findings, ...findings]);
    expect(written).toBe(join(root, DEFAULT_BASELINE_FILE));
    const text = await readFile(written, 'utf8');
    expect(text.includes(token)).toBe(false);
    expect(JSON.parse(text).findings).toHaveLength(2);
    expect(await readBaseline(root)).toEqual(new Set(findings.map((finding) => finding.fingerprint)));
  });

  it('writes and reads a custom path relative to the root, creating its folder', async () => {
    const findings = scanText(`T=${fake.gitlabToken()}`, '.env');
    const written = await writeBaseline(root, findings, 'security/baseline.json');
    expect(written).toBe(join(root, 'security/baseline.json'));
    expect((await readBaseline(root, 'security/baseline.json')).size).toBe(1);
  });

  it('treats a missing default baseline as empty', async () => {
    expect(await readBaseline(root)).toEqual(new Set());
  });

  it('rejects a missing explicit baseline with a fix', async () => {
    await expect(readBaseline(root, 'nope.json')).rejects.toBeInstanceOf(BaselineNotFoundError);
  });

  it.each([
    ['not JSON', '{ nope', /not valid JSON$/],
    ['wrong version', '{"version": 2, "findings": []}', /version/],
    [
      'bad fingerprint',
      '{"version": 1, "findings": [{"fingerprint": "abc", "rule": "x", "file": "y"}]}',
      /fingerprint/,
    ],
  ])('rejects a baseline that is %s', async (_label, content, message) => {
    await writeFile(join(root, DEFAULT_BASELINE_FILE), content);
    const error = await readBaseline(root).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidBaselineError);
    expect((error as InvalidBaselineError).code).toBe('INVALID_SECRETS_BASELINE');
    expect((error as Error).message).toMatch(message);
  });
});
