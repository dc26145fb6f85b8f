const ALLOW = 'tier1-allow';
const ALLOW_NEXT_LINE = 'tier1-allow-next-line';
// gitleaks' own marker: teams that already use gitleaks keep their annotations.
const GITLEAKS_ALLOW = 'gitleaks:allow';

/**
 * A finding is allowed by `tier1-allow` or `gitleaks:allow` on its own line, or
 * `tier1-allow-next-line` on the line before, in any comment syntax (`#`, `//`, `/* *\/`, `<!-- -->`, `--`): the marker is matched as text.
 */
export function isAllowedByComment(line: string, previousLine: string | undefined): boolean {
  return hasSameLineAllow(line) || (previousLine?.includes(ALLOW_NEXT_LINE) ?? false);
}

function hasSameLineAllow(line: string): boolean {
  if (line.includes(GITLEAKS_ALLOW)) return true;
  for (let index = line.indexOf(ALLOW); index !== -1; index = line.indexOf(ALLOW, index + ALLOW.length)) {
    // `tier1-allow-next-line` on a secret's own line speaks about the next line, not this one.
    if (!line.startsWith(ALLOW_NEXT_LINE, index)) return true;
  }
  return false;
}
