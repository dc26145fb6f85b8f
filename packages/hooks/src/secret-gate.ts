import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import type { GateVerdict } from './deploy-gate';
import type { GateMode } from './guardrail-config';
import { commandsOf, programOf } from './shell-commands';

/** What the gate needs of a secret finding (the engine behind `tier1 check`'s security check). */
export interface SecretFindingLike {
  file: string;
  line: number;
  rule: string;
  redacted: string;
  fingerprint: string;
}

/** The secret engine: `scanText` honours `tier1-allow` comments. */
export interface SecretScanner {
  scanText(text: string, file: string): SecretFindingLike[];
  /** The fingerprints the project's secrets baseline accepts. */
  baseline(): Promise<Set<string>>;
}

/** Runs git in the project; undefined when it fails. */
export type RunGit = (args: string[]) => string | undefined;

/** Larger files are not scanned, as in `tier1 check` (docs/secret-scanning.md, "Which files"). */
const MAX_FILE_BYTES = 2 * 1024 * 1024;

/** One file as it will be after the call, and as it was (whose secrets are not this call's doing). */
interface Change {
  file: string;
  after: string;
  before: string;
  /** Lines (1-based) of `after` the call adds; all of them when undefined. (Lines of a diff's
   * hunks sit at their own line numbers, blank lines between.) */
  addedLines?: Set<number>;
}

function readText(path: string): string {
  try {
    if (statSync(path).size > MAX_FILE_BYTES) return '';
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function applyEdit(content: string, edit: Record<string, unknown>): string {
  const oldString = text(edit.old_string);
  const newString = text(edit.new_string);
  if (oldString === '' || !content.includes(oldString)) return `${content}\n${newString}`;
  return edit.replace_all === true
    ? content.split(oldString).join(newString)
    : content.replace(oldString, () => newString);
}

/** Write, Edit and MultiEdit: the file before and after (https://code.claude.com/docs/en/tools-reference). */
function fileChange(
  toolName: string,
  toolInput: Record<string, unknown>,
  projectDir: string,
): Change | undefined {
  const filePath = text(toolInput.file_path);
  if (filePath === '') return undefined;
  const absolute = isAbsolute(filePath) ? filePath : resolve(projectDir, filePath);
  const file = relative(projectDir, absolute).replace(/\\/g, '/');
  const before = readText(absolute);
  if (toolName === 'Write') return { file, before, after: text(toolInput.content) };
  if (toolName === 'Edit') return { file, before, after: applyEdit(before, toolInput) };
  const edits = Array.isArray(toolInput.edits) ? toolInput.edits : [];
  const after = edits.reduce<string>(
    (content, edit) =>
      edit && typeof edit === 'object' ? applyEdit(content, edit as Record<string, unknown>) : content,
    before,
  );
  return { file, before, after };
}

/**
 * A unified diff (`git diff -U1`) as the added text of each file: context and added lines in
 * order, so a `tier1-allow-next-line` above an added line still counts, with the added ones marked.
 */
export function changesOfDiff(diff: string): Change[] {
  const changes: Change[] = [];
  let current: Change | undefined;
  for (const line of diff.split('\n')) {
    if (line.startsWith('+++ ')) {
      const path = line.slice(4).replace(/^b\//, '');
      current =
        path === '/dev/null' ? undefined : { file: path, before: '', after: '', addedLines: new Set() };
      if (current) changes.push(current);
    } else if (!current || line.startsWith('--- ') || line.startsWith('diff ') || line.startsWith('index ')) {
    } else if (line.startsWith('@@')) {
      // Blank lines up to the hunk's first line, so a finding's line is its line in the file.
      const start = Number(/\+(\d+)/.exec(line)?.[1] ?? 1);
      const lines = current.after === '' ? 0 : current.after.split('\n').length - 1;
      current.after += '\n'.repeat(Math.max(0, start - 1 - lines));
    } else if (line.startsWith('+') || line.startsWith(' ')) {
      current.after += `${line.slice(1)}\n`;
      if (line.startsWith('+')) current.addedLines?.add(current.after.split('\n').length - 1);
    }
  }
  return changes;
}

/** `git commit` in a Bash call: what it would commit, as diffs. Undefined when the call commits nothing. */
function commitChanges(commandLine: string, projectDir: string, git: RunGit): Change[] | undefined {
  const commands = commandsOf(commandLine);
  const commitIndex = commands.findIndex((words) => programOf(words) === 'git' && words.includes('commit'));
  if (commitIndex === -1) return undefined;
  const commit = commands[commitIndex] as string[];
  const addsFirst = commands
    .slice(0, commitIndex)
    .some((words) => programOf(words) === 'git' && words.includes('add'));
  const all = commit.some((word) => word === '--all' || /^-[a-zA-Z]*a[a-zA-Z]*$/.test(word));
  // `git add … && git commit` in one call: nothing is staged yet, so everything changed counts.
  const diff =
    git(['diff', addsFirst || all ? 'HEAD' : '--cached', '-U1', '--no-color', '--no-ext-diff']) ?? '';
  const changes = changesOfDiff(diff);
  if (addsFirst) {
    const untracked = git(['ls-files', '--others', '--exclude-standard', '-z']) ?? '';
    for (const file of untracked.split('\0').filter(Boolean))
      changes.push({ file, before: '', after: readText(resolve(projectDir, file)) });
  }
  return changes;
}

/** The variable a secret should come from, in the file's own language. */
function environmentFix(finding: SecretFindingLike, lineText: string): string {
  const assigned = /([A-Za-z_][A-Za-z0-9_]*)["']?\s*[:=]/.exec(lineText)?.[1];
  const name =
    finding.rule === 'connection-string-password'
      ? 'DATABASE_URL'
      : finding.rule === 'secret-assignment' && assigned
        ? assigned.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()
        : finding.rule.toUpperCase().replace(/-/g, '_');
  if (/\.[cm]?[jt]sx?$/.test(finding.file)) return `process.env.${name}`;
  if (/\.py$/.test(finding.file)) return `os.environ["${name}"]`;
  return `$${name}`;
}

function describeFindings(findings: readonly SecretFindingLike[], changes: readonly Change[]): string {
  return findings
    .slice(0, 5)
    .map((finding) => {
      const lineText =
        changes.find((change) => change.file === finding.file)?.after.split('\n')[finding.line - 1] ?? '';
      return `${finding.file} line ${finding.line}: ${finding.rule} \`${finding.redacted}\` (read it from ${environmentFix(finding, lineText)} instead)`;
    })
    .join('; ')
    .concat(findings.length > 5 ? `; and ${findings.length - 5} more` : '');
}

/**
 * The secret gate (docs/guardrails.md): a Write, Edit or MultiEdit whose new content holds a
 * secret, or a `git commit` whose changes do, is denied with the redacted findings and the fix.
 * Only secrets the call adds count: one already in the file, allowed by a `tier1-allow` comment
 * or accepted by the project's secrets baseline does not stop it.
 */
export async function checkSecretGate(
  toolName: string,
  toolInput: Record<string, unknown>,
  mode: GateMode,
  projectDir: string,
  scanner: SecretScanner,
  git: RunGit,
): Promise<GateVerdict | undefined> {
  if (mode === 'off') return undefined;
  const isFileTool = toolName === 'Write' || toolName === 'Edit' || toolName === 'MultiEdit';
  if (!isFileTool && toolName !== 'Bash') return undefined;
  const changes = isFileTool
    ? [fileChange(toolName, toolInput, projectDir)].filter((change): change is Change => change !== undefined)
    : commitChanges(text(toolInput.command), projectDir, git);
  if (!changes || changes.length === 0) return undefined;
  const found: SecretFindingLike[] = [];
  for (const change of changes) {
    if (change.after.length > MAX_FILE_BYTES) continue;
    const present = new Set(
      scanner.scanText(change.before, change.file).map((finding) => finding.fingerprint),
    );
    for (const finding of scanner.scanText(change.after, change.file)) {
      if (present.has(finding.fingerprint)) continue;
      if (change.addedLines && !change.addedLines.has(finding.line)) continue;
      found.push(finding);
    }
  }
  if (found.length === 0) return undefined;
  const baseline = await scanner.baseline();
  const findings = found.filter((finding) => !baseline.has(finding.fingerprint));
  if (findings.length === 0) return undefined;
  const what = isFileTool
    ? `this ${toolName} would put a secret into ${findings[0]?.file}`
    : 'this commit would add a secret';
  return {
    gate: 'secret_gate',
    decision: mode,
    reason: `Tier 1 secret gate: ${what}: ${describeFindings(findings, changes)}. Keep the value in an environment variable (set it in .env, which git ignores, or in your deployment's secrets) and read it from there. If it is no secret, add a \`tier1-allow\` comment on that line, or accept it with \`tier1 check --write-secrets-baseline\`.`,
    evidence: {
      tool_name: toolName,
      findings: findings.map((finding) => ({
        file: finding.file,
        line: finding.line,
        rule: finding.rule,
        redacted: finding.redacted,
      })),
    },
  };
}
