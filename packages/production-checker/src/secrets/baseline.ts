import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Tier1Error } from '@tier1/core';
import type { SecretFinding } from '@tier1/secrets';

/** Where the baseline lives unless told otherwise, relative to the project root. */
export const DEFAULT_BASELINE_FILE = '.tier1-secrets-baseline.json';

interface Baseline {
  version: 1;
  findings: { fingerprint: string; rule: string; file: string }[];
}

/**
 * zod is loaded when a baseline is there to check, not with the package: most projects have
 * none, and loading zod is a tenth of a secret scan's fixed cost (docs/secret-scanning.md, "Speed").
 */
async function baselineSchema() {
  const { z } = await import('zod');
  return z.object({
    version: z.literal(1),
    findings: z.array(
      z.object({
        fingerprint: z.string().regex(/^[0-9a-f]{32}$/, 'a 32-character hex fingerprint'),
        rule: z.string(),
        file: z.string(),
      }),
    ),
  });
}

/** The baseline file is there but is not a baseline this version can read. */
export class InvalidBaselineError extends Tier1Error {
  constructor(path: string, problem: string) {
    super('INVALID_SECRETS_BASELINE', `${path}: ${problem}`, {
      hint: 'regenerate it with writeBaseline() from @tier1/production-checker, or fix the JSON by hand',
    });
  }
}

/** A baseline path was given explicitly and there is no file there. */
export class BaselineNotFoundError extends Tier1Error {
  constructor(path: string) {
    super('SECRETS_BASELINE_NOT_FOUND', `${path}: no secrets baseline at this path`, {
      hint: 'check the path, or leave it unset to use .tier1-secrets-baseline.json when present',
    });
  }
}

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

/**
 * The fingerprints a committed baseline accepts. No file at the default path is an empty baseline;
 * no file at an explicitly given path is an error, since the caller expected one there.
 */
export async function readBaseline(root: string, path?: string): Promise<Set<string>> {
  const file = resolve(root, path ?? DEFAULT_BASELINE_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (isNotFound(error) && path === undefined) return new Set();
    if (isNotFound(error)) throw new BaselineNotFoundError(file);
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // JSON.parse quotes the text around the error: no part of the file goes into the message.
    throw new InvalidBaselineError(file, 'not valid JSON');
  }
  const parsed = (await baselineSchema()).safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidBaselineError(
      file,
      `${issue?.path.join('.') || 'root'}: ${issue?.message ?? 'unexpected shape'}`,
    );
  }
  return new Set(parsed.data.findings.map((entry) => entry.fingerprint));
}

/**
 * Writes a baseline accepting exactly these findings (fingerprint, rule and file; never a value),
 * sorted so that it diffs well, and returns the absolute path written. Atomic: a reader sees the
 * old file or the new one.
 */
export async function writeBaseline(root: string, findings: SecretFinding[], path?: string): Promise<string> {
  const file = resolve(root, path ?? DEFAULT_BASELINE_FILE);
  const unique = new Map(
    findings.map(({ fingerprint, rule, file: source }) => [fingerprint, { fingerprint, rule, file: source }]),
  );
  const baseline: Baseline = {
    version: 1,
    findings: [...unique.values()].sort(
      (a, b) =>
        a.file.localeCompare(b.file) ||
        a.rule.localeCompare(b.rule) ||
        a.fingerprint.localeCompare(b.fingerprint),
    ),
  };
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.${randomUUID()}.tmp`;
  await writeFile(temporary, `${JSON.stringify(baseline, null, 2)}\n`, 'utf8');
  await rename(temporary, file);
  return file;
}
