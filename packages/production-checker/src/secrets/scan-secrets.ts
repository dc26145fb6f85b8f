import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { Tier1Error } from '@tier1/core';
import { type SecretFinding, type SecretsConfig, scanFileText } from '@tier1/secrets';
import { DEFAULT_BASELINE_FILE, readBaseline } from './baseline';
import { readGitleaksConfig } from './gitleaks-file';
import { listProjectFiles } from './list-files';

export interface ScanSecretsOptions {
  /** Relative to the root; default `.tier1-secrets-baseline.json` (optional there, required when given). */
  baselinePath?: string;
  /** Larger files are skipped and listed in `tooLargeFiles`; default 2 MiB. */
  maxFileBytes?: number;
  signal?: AbortSignal;
}

export interface SkippedFileCounts {
  /** A NUL byte in the first 8 KiB, as git decides. */
  binary: number;
  tooLarge: number;
  /** Symbolic links (never followed), submodules and other non-regular entries. */
  notRegular: number;
  /** Listed by git but deleted in the working tree. */
  missing: number;
  /** Permission denied and other read errors. */
  unreadable: number;
}

export interface SecretScanResult {
  findings: SecretFinding[];
  /** Suppressed by a `tier1-allow` comment or the baseline. */
  allowed: number;
  /** The findings the baseline accepted (counted in `allowed` too): what an updated baseline keeps. */
  baselined: SecretFinding[];
  filesScanned: number;
  bytesScanned: number;
  durationMs: number;
  /** How the file list was made: `git ls-files`, or a walk of a tree that is not a repository. */
  fileSource: 'git' | 'walk';
  skipped: SkippedFileCounts;
  /** Over `maxFileBytes`, so not scanned: a reader may want to look at them. */
  tooLargeFiles: string[];
}

const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;
const YIELD_EVERY_FILES = 64;
const BINARY_SNIFF_BYTES = 8000;
// O_NOFOLLOW makes opening a symbolic link fail (ELOOP): a link may point outside the project.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);

/** The root to scan does not exist or is not a folder. */
export class SecretScanRootError extends Tier1Error {
  constructor(root: string, problem: string) {
    super('SECRET_SCAN_ROOT_NOT_FOUND', `${root}: ${problem}`, { hint: 'scan a project folder that exists' });
  }
}

type FileOutcome =
  | { kind: 'scanned'; bytes: number; findings: SecretFinding[]; allowed: number }
  | { kind: keyof SkippedFileCounts };

const SKIP_BY_ERROR_CODE: Record<string, keyof SkippedFileCounts> = {
  ENOENT: 'missing',
  ELOOP: 'notRegular',
  EISDIR: 'notRegular',
  ENXIO: 'notRegular',
};

/**
 * Reads and scans one file. Synchronous reads: the scan is bound by the CPU, and four thread-pool
 * round trips per file (open, stat, read, close) cost more than the reads themselves on a tree of
 * thousands of small files (packages/production-checker/bench/git-secrets.mjs).
 */
function scanFile(root: string, file: string, maxFileBytes: number, config: SecretsConfig): FileOutcome {
  let fd: number;
  try {
    fd = openSync(join(root, file), OPEN_FLAGS);
  } catch (error) {
    return { kind: SKIP_BY_ERROR_CODE[(error as NodeJS.ErrnoException).code ?? ''] ?? 'unreadable' };
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) return { kind: 'notRegular' };
    if (info.size > maxFileBytes) return { kind: 'tooLarge' };
    const buffer = readFileSync(fd);
    if (buffer.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return { kind: 'binary' };
    return { kind: 'scanned', bytes: buffer.length, ...scanFileText(buffer.toString('utf8'), file, config) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code in SKIP_BY_ERROR_CODE || code === 'EACCES' || code === 'EIO')
      return { kind: SKIP_BY_ERROR_CODE[code] ?? 'unreadable' };
    throw error;
  } finally {
    closeSync(fd);
  }
}

async function assertFolder(root: string): Promise<void> {
  const info = await stat(root).catch(() => undefined);
  if (!info) throw new SecretScanRootError(root, 'does not exist');
  if (!info.isDirectory()) throw new SecretScanRootError(root, 'is not a folder');
}

/**
 * Scans the files git would commit under `root` (tracked, plus untracked files that are not
 * ignored; outside a repository, the tree minus node_modules, .git, dist and the root .gitignore)
 * for secrets, one file after another, with @tier1/secrets' findSecrets. Findings allowed by a
 * `tier1-allow` / `gitleaks:allow` comment, the baseline or the project's .gitleaks.toml (extra
 * rules and allowlists) are counted in `allowed`, not returned. Values are never returned,
 * logged or put in an error.
 */
export async function scanSecrets(root: string, options: ScanSecretsOptions = {}): Promise<SecretScanResult> {
  const started = performance.now();
  const { signal } = options;
  const absoluteRoot = resolve(root);
  await assertFolder(absoluteRoot);
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const [baseline, listing, config] = await Promise.all([
    readBaseline(absoluteRoot, options.baselinePath),
    listProjectFiles(absoluteRoot, signal),
    readGitleaksConfig(absoluteRoot),
  ]);
  const baselineFile = relative(
    absoluteRoot,
    resolve(absoluteRoot, options.baselinePath ?? DEFAULT_BASELINE_FILE),
  )
    .split('\\')
    .join('/');
  const files = listing.files.filter((file) => file !== baselineFile && file !== DEFAULT_BASELINE_FILE);

  const result: SecretScanResult = {
    findings: [],
    allowed: 0,
    baselined: [],
    filesScanned: 0,
    bytesScanned: 0,
    durationMs: 0,
    fileSource: listing.source,
    skipped: { binary: 0, tooLarge: 0, notRegular: 0, missing: 0, unreadable: 0 },
    tooLargeFiles: [],
  };
  for (const [index, file] of files.entries()) {
    // The other checks, timers and an abort get their turn between files.
    if (index % YIELD_EVERY_FILES === 0) await new Promise((resolve) => setImmediate(resolve));
    signal?.throwIfAborted();
    const outcome = scanFile(absoluteRoot, file, maxFileBytes, config);
    if (outcome.kind !== 'scanned') {
      result.skipped[outcome.kind] += 1;
      if (outcome.kind === 'tooLarge') result.tooLargeFiles.push(file);
      continue;
    }
    result.filesScanned += 1;
    result.bytesScanned += outcome.bytes;
    result.allowed += outcome.allowed;
    for (const finding of outcome.findings) {
      if (baseline.has(finding.fingerprint)) {
        result.allowed += 1;
        result.baselined.push(finding);
      } else result.findings.push(finding);
    }
  }

  const byPlace = (a: SecretFinding, b: SecretFinding) =>
    a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column;
  result.findings.sort(byPlace);
  result.baselined.sort(byPlace);
  result.tooLargeFiles.sort();
  result.durationMs = Math.round(performance.now() - started);
  return result;
}
