interface IgnoreRule {
  pattern: RegExp;
  negated: boolean;
  directoryOnly: boolean;
}

function globToRegExpSource(glob: string): string {
  let source = '';
  for (let index = 0; index < glob.length; index += 1) {
    const char = glob.charAt(index);
    if (glob.startsWith('**/', index)) {
      source += '(?:.*/)?';
      index += 2;
    } else if (glob.startsWith('/**', index) && index + 3 === glob.length) {
      source += '/.*';
      index += 2;
    } else if (char === '*') {
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else if (char === '[') {
      const close = glob.indexOf(']', index + 1);
      if (close === -1) {
        source += '\\[';
      } else {
        source += `[${glob
          .slice(index + 1, close)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        index = close;
      }
    } else if (char === '\\' && index + 1 < glob.length) {
      index += 1;
      source += glob.charAt(index).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    } else {
      source += char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
  }
  return source;
}

function parseLine(line: string): IgnoreRule | undefined {
  let text = line.replace(/(?<!\\)\s+$/, '');
  if (text === '' || text.startsWith('#')) return undefined;
  const negated = text.startsWith('!');
  if (negated) text = text.slice(1);
  const directoryOnly = text.endsWith('/');
  if (directoryOnly) text = text.slice(0, -1);
  // A slash anywhere but the end anchors the pattern to the .gitignore's folder; otherwise it
  // matches a name at any depth.
  const anchored = text.includes('/');
  if (text.startsWith('/')) text = text.slice(1);
  const body = globToRegExpSource(text);
  return { pattern: new RegExp(anchored ? `^${body}$` : `(?:^|/)${body}$`), negated, directoryOnly };
}

/**
 * A matcher for the patterns of one root .gitignore (comments, `!` negation, `/` anchoring,
 * trailing `/` for folders, `*`, `?`, `**`, `[...]`); the last matching pattern wins, as in git.
 * Paths are relative to the root with forward slashes. Nested .gitignore files are not read.
 */
export function parseGitignore(text: string): (path: string, isDirectory: boolean) => boolean {
  const rules = text.split(/\r?\n/).flatMap((line) => parseLine(line) ?? []);
  return (path, isDirectory) => {
    let ignored = false;
    for (const rule of rules) {
      if (rule.directoryOnly && !isDirectory) continue;
      if (rule.pattern.test(path)) ignored = !rule.negated;
    }
    return ignored;
  };
}
