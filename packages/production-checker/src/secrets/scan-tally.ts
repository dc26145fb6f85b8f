import type { SecretFinding, SecretsConfig } from '@tier1/secrets';
import { scanFile } from './scan-file';

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

/** What scanning some files found, before the baseline: a thread's share of a scan, or all of it. */
export interface ScanTally {
  findings: SecretFinding[];
  /** Accepted by a `tier1-allow` comment or an allowlist. */
  allowed: number;
  filesScanned: number;
  bytesScanned: number;
  skipped: SkippedFileCounts;
  tooLargeFiles: string[];
}

export function emptyTally(): ScanTally {
  return {
    findings: [],
    allowed: 0,
    filesScanned: 0,
    bytesScanned: 0,
    skipped: { binary: 0, tooLarge: 0, notRegular: 0, missing: 0, unreadable: 0 },
    tooLargeFiles: [],
  };
}

/** Scans `files` (relative to `root`) one after another into `tally`. */
export function tallyFiles(
  tally: ScanTally,
  root: string,
  files: readonly string[],
  maxFileBytes: number,
  config: SecretsConfig,
): ScanTally {
  for (const file of files) {
    const outcome = scanFile(root, file, maxFileBytes, config);
    if (outcome.kind !== 'scanned') {
      tally.skipped[outcome.kind] += 1;
      if (outcome.kind === 'tooLarge') tally.tooLargeFiles.push(file);
      continue;
    }
    tally.filesScanned += 1;
    tally.bytesScanned += outcome.bytes;
    tally.allowed += outcome.allowed;
    tally.findings.push(...outcome.findings);
  }
  return tally;
}

/** Adds `part` (another thread's tally) to `total`. */
export function addTally(total: ScanTally, part: ScanTally): void {
  total.findings.push(...part.findings);
  total.allowed += part.allowed;
  total.filesScanned += part.filesScanned;
  total.bytesScanned += part.bytesScanned;
  for (const kind of Object.keys(total.skipped) as (keyof SkippedFileCounts)[])
    total.skipped[kind] += part.skipped[kind];
  total.tooLargeFiles.push(...part.tooLargeFiles);
}
