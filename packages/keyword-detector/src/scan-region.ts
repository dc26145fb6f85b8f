/**
 * How much of an output the detector reads. Tools state their outcome at the end (runner
 * summaries, "deployed", the last error) and sometimes at the start (git's `[main abc1234]`,
 * a fatal error before anything ran); the middle of a megabyte log is per-test chatter whose
 * stray "error" words say nothing about the outcome. Reading a bounded head and tail keeps
 * the cost of a hook call flat however large the output is.
 */
export interface ScanWindow {
  headChars: number;
  tailChars: number;
}

export const DEFAULT_SCAN_WINDOW: ScanWindow = { headChars: 4096, tailChars: 32_768 };

export const SNIPPET_LIMIT = 200;

const OMISSION_MARKER = '\n';
// CSI sequences (colours, cursor moves) and OSC sequences (hyperlinks, titles); both linear.
// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes are control characters by definition.
const ANSI_ESCAPE = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b\n]*(?:\x07|\x1b\\)?/g;
const CARRIAGE_RETURN = /\r\n?/g;
// Monorepo runners prefix every line of a task's output: turbo "@scope/pkg:test: ",
// pnpm -r "packages/pkg test: ". Removed so that line-anchored summaries still match.
const TASK_PREFIX = /^(?:@?[\w.-]+(?:\/[\w.-]+)?:[\w-]+(?::[\w-]+)*|(?:[\w.@-]+\/)+[\w.@-]+ [\w:-]+): /gm;

export interface ScanRegion {
  /** The part of the output the detector reads, with colours stripped and line ends normalised. */
  text: string;
  /** Characters of the output between head and tail that were not read (0 for short output). */
  omittedChars: number;
}

export function scanRegion(output: string, window: ScanWindow): ScanRegion {
  const { headChars, tailChars } = window;
  if (output.length <= headChars + tailChars) return { text: normalise(output), omittedChars: 0 };
  const head = output.slice(0, headChars);
  const tail = output.slice(output.length - tailChars);
  return {
    text: `${normalise(head)}${OMISSION_MARKER}${normalise(tail)}`,
    omittedChars: output.length - headChars - tailChars,
  };
}

function normalise(text: string): string {
  let result = text;
  if (result.includes('\x1b')) result = result.replace(ANSI_ESCAPE, '');
  if (result.includes('\r')) result = result.replace(CARRIAGE_RETURN, '\n');
  if (result.includes(': ')) result = result.replace(TASK_PREFIX, '');
  return result;
}

/** The line around `index`, cut to SNIPPET_LIMIT characters centred on the match when the line is longer. */
export function snippetAround(text: string, index: number, matchLength: number): string {
  const lineStart = text.lastIndexOf('\n', index - 1) + 1;
  const newline = text.indexOf('\n', index + matchLength);
  const lineEnd = newline === -1 ? text.length : newline;
  const rawLine = text.slice(lineStart, lineEnd);
  const line = rawLine.trim();
  if (line.length <= SNIPPET_LIMIT) return line;
  const matchInLine = Math.max(0, index - lineStart - (rawLine.length - rawLine.trimStart().length));
  const centredStart = matchInLine - Math.floor((SNIPPET_LIMIT - matchLength) / 2);
  const start = Math.max(0, Math.min(line.length - SNIPPET_LIMIT, centredStart));
  return line.slice(start, start + SNIPPET_LIMIT);
}

/** Up to `length` characters of the same line before `index`. */
export function lineBefore(text: string, index: number, length: number): string {
  const from = Math.max(0, index - length);
  const chunk = text.slice(from, index);
  const newline = chunk.lastIndexOf('\n');
  return newline === -1 ? chunk : chunk.slice(newline + 1);
}

/** Up to `length` characters of the same line from `index` on. */
export function lineAfter(text: string, index: number, length: number): string {
  const chunk = text.slice(index, index + length);
  const newline = chunk.indexOf('\n');
  return newline === -1 ? chunk : chunk.slice(0, newline);
}
