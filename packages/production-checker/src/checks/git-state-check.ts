import type { CheckDefinition } from '../check-definition';
import { git } from '../git';

// Tier 1's own state directory (the embedded database of `tier1 check` itself) is never a change.
const OWN_STATE = /^\.tier1(\/|$)/;

/** Parses `git status --porcelain=v1 -z` into the changed paths. */
export function parsePorcelain(output: string): string[] {
  const entries = output.split('\0').filter(Boolean);
  const paths: string[] = [];
  for (let index = 0; index < entries.length; index++) {
    const entry = entries[index] as string;
    paths.push(entry.slice(3));
    // A rename or copy is followed by its source path as a separate entry.
    if (entry[0] === 'R' || entry[0] === 'C') index++;
  }
  return paths;
}

/** No uncommitted changes, on the expected branch (runs when deployment.branch or deployment.clean is set). */
export const gitStateCheck: CheckDefinition = {
  name: 'git_state',
  severity: 'blocking',
  timeoutMs: 15_000,
  enabledByDefault: (config) => config.deployment?.branch !== undefined || config.deployment?.clean === true,
  async run({ root, config, signal }) {
    const expectedBranch = config.deployment?.branch;
    const requireClean = config.deployment?.clean ?? true;
    const untracked = config.deployment?.allowUntracked ? 'no' : 'all';
    const branch = (await git(root, ['rev-parse', '--abbrev-ref', 'HEAD'], signal))?.trim();
    const status = await git(
      root,
      ['status', '--porcelain=v1', '-z', `--untracked-files=${untracked}`],
      signal,
    );
    if (branch === undefined || status === undefined) {
      return {
        passed: false,
        details: 'not a git repository (or git is not installed)',
        evidence: {
          branch: null,
          fix: 'run tier1 check in a git checkout, or remove deployment.branch and deployment.clean',
        },
        confidence: 100,
      };
    }
    const changes = parsePorcelain(status)
      .filter((path) => !OWN_STATE.test(path))
      .sort();
    const evidence = {
      branch,
      expected_branch: expectedBranch ?? null,
      uncommitted_count: changes.length,
      uncommitted_files: changes.slice(0, 20),
    };
    const problems = [
      expectedBranch && branch !== expectedBranch
        ? `on branch ${branch}, expected ${expectedBranch}`
        : undefined,
      requireClean && changes.length > 0
        ? `${changes.length} uncommitted change${changes.length === 1 ? '' : 's'} (${changes.slice(0, 3).join(', ')}${changes.length > 3 ? ', …' : ''})`
        : undefined,
    ].filter(Boolean);
    if (problems.length > 0)
      return {
        passed: false,
        details: problems.join('; '),
        evidence: {
          ...evidence,
          fix: [
            expectedBranch && branch !== expectedBranch
              ? `deploy from ${expectedBranch} (git switch ${expectedBranch})`
              : undefined,
            requireClean && changes.length > 0
              ? 'commit or stash the changes (or set deployment.allowUntracked for untracked files)'
              : undefined,
          ]
            .filter(Boolean)
            .join('; '),
        },
        confidence: 100,
      };
    return { passed: true, details: `clean working tree on ${branch}`, evidence, confidence: 100 };
  },
};
