import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { relative, resolve } from 'node:path';
import { Tier1Error } from '@tier1/core';
import type { SecretFinding, SecretsConfig } from '@tier1/secrets';
import { DEFAULT_BASELINE_FILE, readBaseline } from './baseline';
import { readGitleaksConfig } from './gitleaks-file';
import { listProjectFileParts } from './list-files';
import { type FilesToScan, scanInThreads } from './scan-in-threads';
import type { ScanTally, SkippedFileCounts } from './scan-tally';

export interface ScanSecretsOptions {
  /** Relative to the root; default `.tier1-secrets-baseline.json` (optional there, required when given). */
  baselinePath?: string;
  /** Larger files are skipped and listed in `tooLargeFiles`; default 2 MiB. */
  maxFileBytes?: number;
  /**
   * Threads to scan with, the calling one included (1: no worker thread). Default: the available
   * parallelism, at most 4, for 1000 tracked files or more (outside a repository, 1000 files),
   * else 1.
   */
  threads?: number;
  signal?: AbortSignal;
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
// Starting a worker costs about as much as scanning a few hundred small files.
const THREADED_FROM_FILES = 1000;
const MAX_THREADS = 4;

/** The root to scan does not exist or is not a folder. */
export class SecretScanRootError extends Tier1Error {
  constructor(root: string, problem: string) {
    super('SECRET_SCAN_ROOT_NOT_FOUND', `${root}: ${problem}`, { hint: 'scan a project folder that exists' });
  }
}

async function assertFolder(root: string): Promise<void> {
  const info = await stat(root).catch(() => undefined);
  if (!info) throw new SecretScanRootError(root, 'does not exist');
  if (!info.isDirectory()) throw new SecretScanRootError(root, 'is not a folder');
}

/**
 * What a scan needs before reading a file: the baseline, the files (minus the baseline itself;
 * the untracked ones may still be being listed), the configuration.
 */
async function prepareScan(
  root: string,
  options: ScanSecretsOptions,
): Promise<{
  baseline: ReadonlySet<string>;
  files: FilesToScan;
  source: 'git' | 'walk';
  config: SecretsConfig;
}> {
  const [baseline, parts, config] = await Promise.all([
    readBaseline(root, options.baselinePath),
    listProjectFileParts(root, options.signal),
    readGitleaksConfig(root),
  ]);
  const baselineFile = relative(root, resolve(root, options.baselinePath ?? DEFAULT_BASELINE_FILE))
    .split('\\')
    .join('/');
  const scanned = (file: string) => file !== baselineFile && file !== DEFAULT_BASELINE_FILE;
  const files = { first: parts.first.filter(scanned), rest: parts.rest.then((rest) => rest.filter(scanned)) };
  return { baseline, files, source: parts.source, config };
}

function threadCount(files: number, requested: number | undefined): number {
  if (requested !== undefined) return Math.max(1, Math.floor(requested));
  return files < THREADED_FROM_FILES ? 1 : Math.min(availableParallelism(), MAX_THREADS);
}

/** The result from what the files held: baseline findings set apart, everything in a stable order. */
function toResult(
  tally: ScanTally,
  baseline: ReadonlySet<string>,
  fileSource: 'git' | 'walk',
): SecretScanResult {
  const byPlace = (a: SecretFinding, b: SecretFinding) =>
    a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column;
  const baselined = tally.findings.filter((finding) => baseline.has(finding.fingerprint)).sort(byPlace);
  return {
    findings: tally.findings.filter((finding) => !baseline.has(finding.fingerprint)).sort(byPlace),
    allowed: tally.allowed + baselined.length,
    baselined,
    filesScanned: tally.filesScanned,
    bytesScanned: tally.bytesScanned,
    durationMs: 0,
    fileSource,
    skipped: tally.skipped,
    tooLargeFiles: tally.tooLargeFiles.sort(),
  };
}

/**
 * Scans the files git would commit under `root` (tracked, plus untracked files that are not
 * ignored; outside a repository, the tree minus node_modules, .git, dist and the root .gitignore)
 * for secrets with @tier1/secrets, in worker threads for a large tree. Findings allowed by a
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
  const { baseline, files, source, config } = await prepareScan(absoluteRoot, options);
  // Decided on the tracked files: git has them at once, the untracked ones join the scan later.
  const threads = threadCount(files.first.length, options.threads);
  const tally = await scanInThreads(absoluteRoot, files, { threads, maxFileBytes, config, signal });
  const result = toResult(tally, baseline, source);
  result.durationMs = Math.round(performance.now() - started);
  return result;
}
