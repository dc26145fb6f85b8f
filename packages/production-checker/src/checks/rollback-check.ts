import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckDefinition } from '../check-definition';
import { git } from '../git';

function findRollbackDoc(root: string): string | undefined {
  for (const directory of ['', 'docs']) {
    const path = join(root, directory);
    if (!existsSync(path)) continue;
    const name = readdirSync(path).find((entry) => entry.toLowerCase() === 'rollback.md');
    if (name) return directory ? `${directory}/${name}` : name;
  }
  return undefined;
}

/** A way back: ROLLBACK.md (in the root or docs/), or git tags to return to. */
export const rollbackCheck: CheckDefinition = {
  name: 'rollback_plan',
  severity: 'blocking',
  timeoutMs: 10_000,
  enabledByDefault: () => true,
  async run({ root, signal }) {
    const doc = findRollbackDoc(root);
    const tags =
      (await git(root, ['tag', '--list', '--sort=-creatordate'], signal))?.split('\n').filter(Boolean) ?? [];
    const evidence = { rollback_doc: doc ?? null, tag_count: tags.length, latest_tags: tags.slice(0, 5) };
    if (doc)
      return {
        passed: true,
        details: `rollback plan in ${doc}`,
        evidence: { ...evidence, method: 'rollback_doc' },
        confidence: 90,
      };
    if (tags.length > 0)
      return {
        passed: true,
        details: `${tags.length} git tags to return to (latest ${tags[0]})`,
        evidence: { ...evidence, method: 'git_tags' },
        confidence: 80,
      };
    return {
      passed: false,
      details: 'no ROLLBACK.md and no git tags to return to',
      evidence: {
        ...evidence,
        method: null,
        fix: 'add a ROLLBACK.md saying how to return to the previous release, or tag releases (git tag v1.2.3 && git push --tags)',
      },
      confidence: 100,
    };
  },
};
