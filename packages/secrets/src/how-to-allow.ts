// File kinds without comments: an allow comment cannot be written there.
const NO_COMMENT_EXTENSIONS = new Set(['json', 'map', 'ipynb', 'lock', 'csv']);

/**
 * How a project accepts a finding it judges harmless, for a finding in `file`: an allow comment
 * where the file kind has comments, else the baseline or a path in `.gitleaks.toml` (docs/secret-scanning.md).
 */
export function howToAllow(file: string): string {
  const name = file.slice(file.lastIndexOf('/') + 1);
  const extension = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : '';
  const baseline = 'accept it in the baseline with `tier1 check --write-secrets-baseline`';
  if (NO_COMMENT_EXTENSIONS.has(extension))
    return `${baseline}, or list the path under [allowlist] paths in .gitleaks.toml (${extension.toUpperCase()} has no comments)`;
  return `add a \`tier1-allow\` comment on the line, or ${baseline}`;
}
