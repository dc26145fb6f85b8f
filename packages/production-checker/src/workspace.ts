import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findFiles } from './find-files';

export type WorkspaceTool = 'turbo' | 'nx' | 'pnpm' | 'npm' | 'yarn';

export interface Workspace {
  tool: WorkspaceTool;
  /** Packages below the root whose package.json has a `test` script. */
  packagesWithTests: number;
}

function readJson(path: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/**
 * The workspace tool of a monorepo root (turbo.json, nx.json, pnpm-workspace.yaml, package.json
 * `workspaces`), or undefined for a single package.
 */
export function detectWorkspace(root: string): Workspace | undefined {
  const manifest = readJson(join(root, 'package.json'));
  const tool: WorkspaceTool | undefined = existsSync(join(root, 'turbo.json'))
    ? 'turbo'
    : existsSync(join(root, 'nx.json'))
      ? 'nx'
      : existsSync(join(root, 'pnpm-workspace.yaml'))
        ? 'pnpm'
        : manifest?.workspaces
          ? existsSync(join(root, 'yarn.lock'))
            ? 'yarn'
            : 'npm'
          : undefined;
  if (!tool) return undefined;
  const packagesWithTests = findFiles(
    root,
    (name, path) => name === 'package.json' && path !== 'package.json',
    4,
  )
    .map((path) => readJson(join(root, path)))
    .filter(
      (inner) => typeof (inner?.scripts as Record<string, unknown> | undefined)?.test === 'string',
    ).length;
  return { tool, packagesWithTests };
}

/**
 * The environment that makes the workspace tool run every task instead of replaying its cache
 * (a warm cache "passes" a commit in seconds by replaying old results): turbo's `--force` and
 * nx's `--skip-nx-cache` as their documented variables, so the command itself stays the project's.
 */
export function cacheBypassEnv(tool: WorkspaceTool | undefined): Record<string, string> {
  if (tool === 'turbo') return { TURBO_FORCE: 'true' };
  if (tool === 'nx') return { NX_SKIP_NX_CACHE: 'true' };
  return {};
}

const MINUTE = 60_000;

/**
 * The tests check's default timeout: the architecture's 60 s for one package; for a workspace a
 * minute per package with tests, at least 5 and at most 30 minutes.
 */
export function defaultTestsTimeoutMs(workspace: Workspace | undefined): number {
  if (!workspace) return MINUTE;
  return Math.min(30 * MINUTE, Math.max(5 * MINUTE, workspace.packagesWithTests * MINUTE));
}
