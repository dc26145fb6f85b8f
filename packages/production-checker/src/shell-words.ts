/**
 * Splits a package.json script into commands and their words the way a POSIX shell would for
 * the simple scripts test runners are started with (quotes, backslashes, `&&`, `||`, `;`, `|`),
 * so the checker can start the runner itself from an argument array instead of through a
 * shell. Expansions (`$VAR`, `$(…)`) are kept as literal text: nothing here is ever evaluated.
 */
export function splitScript(script: string): string[][] {
  const commands: string[][] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;

  const endWord = () => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endCommand = () => {
    endWord();
    if (words.length > 0) commands.push(words);
    words = [];
  };

  for (let index = 0; index < script.length; index++) {
    const char = script[index] as string;
    if (quote) {
      if (char === quote) quote = undefined;
      else if (char === '\\' && quote === '"' && index + 1 < script.length) word += script[++index];
      else word += char;
      continue;
    }
    if (char === '"' || char === "'") {
      quote = char;
      inWord = true;
    } else if (char === '\\' && index + 1 < script.length) {
      word += script[++index];
      inWord = true;
    } else if (/\s/.test(char)) {
      endWord();
    } else if (char === ';' || char === '|' || char === '&') {
      endCommand();
      if ((char === '|' || char === '&') && script[index + 1] === char) index++;
    } else {
      word += char;
      inWord = true;
    }
  }
  endCommand();
  return commands;
}

/** `FOO=1 BAR=2 vitest run` → env {FOO, BAR} and the words from `vitest` on. */
export function splitEnvAssignments(words: readonly string[]): {
  env: Record<string, string>;
  words: string[];
} {
  const env: Record<string, string> = {};
  let index = 0;
  for (; index < words.length; index++) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(words[index] as string);
    if (!match) break;
    env[match[1] as string] = match[2] as string;
  }
  return { env, words: words.slice(index) };
}
