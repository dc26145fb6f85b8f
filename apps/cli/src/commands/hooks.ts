import {
  accessSync,
  constants,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { findServer } from '@tier1/core';
import { spoolDirectory } from '@tier1/events';
import {
  addTier1Hooks,
  DEFAULT_MAX_INPUT_BYTES,
  listTier1Hooks,
  readBounded,
  removeTier1Hooks,
  runHook,
  SessionMirrorStore,
  TIER1_HOOK_ENTRIES,
  TIER1_HOOK_HTTP_PATH,
} from '@tier1/hooks';
import { startDetachedServer } from '@tier1/server';
import { claudeDirectory, readSettings, type Scope, writeSettings } from '../claude-settings-file';
import { type Command, type CommandContext, routeSubcommands, UsageError } from '../command';
import { FLAG, parseCommandArgs, VALUE } from '../command-args';
import { tier1HookBinPath } from '../hook-bin-path';
import { COMMAND_MARKER, productionCheckCommand } from '../production-check-command';
import { tier1BinPath } from '../tier1-bin';
import { writeJson, writeLine } from '../write-output';

const usage = `Usage: tier1 hooks <install|uninstall|test|status> [options]

  install [--scope project|user] [--absolute] [--command <cmd>] [--http]
      Adds Tier 1's hooks to .claude/settings.json (project, the default) or ~/.claude/settings.json
      (user), keeping every hook already there, and the /production-check command. The command
      is the project's own install ("$CLAUDE_PROJECT_DIR"/node_modules/.bin/tier1-hook), so the
      file can be committed; else tier1-hook on PATH; --absolute: this install's absolute path.
      --http installs "type": "http" hooks to this project's tier1 serve (started if it is not
      running) instead of commands; the command form, the default, needs no server.
  uninstall [--scope project|user]
      Removes exactly what install added.
  test [--event <HookEvent>] [--record] < payload.json
      Runs the hook on a payload and shows what it would answer and record. Events go to a
      temporary home unless --record is given.
  status [--scope project|user]
      Shows which Tier 1 hooks are installed.

Options: --json for machine-readable output.`;

function parseScope(value: string | undefined): Scope {
  if (value === undefined || value === 'project' || value === 'user') return value ?? 'project';
  throw new UsageError(`--scope must be project or user, not "${value}"`);
}

function onPath(context: CommandContext, name: string): boolean {
  for (const directory of (context.env.PATH ?? '').split(delimiter)) {
    if (!directory) continue;
    try {
      accessSync(join(directory, name), constants.X_OK);
      return true;
    } catch {
      // Not in this directory; try the next.
    }
  }
  return false;
}

function quote(path: string): string {
  return /^[\w./\\:-]+$/.test(path) ? path : `"${path.replace(/(["\\$`])/g, '\\$1')}"`;
}

/** What settings.json and /production-check run: the hook, and the `tier1` of the same install. */
interface Tier1Commands {
  hook: string;
  tier1: string;
}

/** This install's own bins by absolute path: they work on this machine only. */
function absoluteCommands(): Tier1Commands {
  return { hook: `node ${quote(tier1HookBinPath())}`, tier1: `node ${quote(tier1BinPath())}` };
}

/**
 * The commands written for Claude Code. A project's `.claude/settings.json` is committed and
 * runs on every teammate's machine, so it names the project's own install through
 * `$CLAUDE_PROJECT_DIR`, which Claude Code sets for hooks and slash commands
 * (docs/hook-runner.md, "Install"). Then a global install by name; an absolute path only when
 * asked for with --absolute.
 */
function tier1Commands(context: CommandContext, scope: Scope, absolute: boolean): Tier1Commands | undefined {
  if (absolute) return absoluteCommands();
  const projectBin = join(context.projectDir, 'node_modules', '.bin');
  if (
    scope === 'project' &&
    existsSync(join(projectBin, 'tier1-hook')) &&
    existsSync(join(projectBin, 'tier1'))
  ) {
    return {
      hook: '"$CLAUDE_PROJECT_DIR"/node_modules/.bin/tier1-hook',
      tier1: '"$CLAUDE_PROJECT_DIR"/node_modules/.bin/tier1',
    };
  }
  if (onPath(context, 'tier1-hook') && onPath(context, 'tier1'))
    return { hook: 'tier1-hook', tier1: 'tier1' };
  return undefined;
}

function notInstalled(context: CommandContext, scope: Scope): UsageError {
  return new UsageError(
    scope === 'project'
      ? `Tier 1 is not installed in this project (no node_modules/.bin/tier1-hook in ${context.projectDir}) nor on PATH`
      : 'tier1-hook is not on PATH',
    scope === 'project'
      ? 'install it in the project, then run this again: npm install --save-dev @tier1/cli (or pnpm add -D @tier1/cli); ' +
          'or pass --absolute to write the path of this install (it then works on this machine only)'
      : 'install it globally: npm install --global @tier1/cli; or pass --absolute to write the path of this install',
  );
}

function parseManageArgs(argv: string[]) {
  const { values } = parseCommandArgs(
    argv,
    { scope: VALUE, command: VALUE, absolute: FLAG, json: FLAG, http: FLAG },
    false,
  );
  return {
    scope: parseScope(values.scope),
    command: values.command,
    absolute: values.absolute === true,
    json: values.json === true,
    http: values.http === true,
  };
}

/**
 * `--http`: the hooks go to this project's `tier1 serve`, started now if it is not running
 * (it must be, for Claude Code to reach it; Claude Code sends nothing over HTTP that needs an
 * answer to start a session, so SessionStart stays a command).
 */
async function hookUrl(context: CommandContext): Promise<string> {
  const home = context.config().home;
  const server =
    findServer(home) ??
    (await startDetachedServer(home, [process.execPath, tier1BinPath(), 'serve'], {
      env: { ...process.env, ...context.env },
      cwd: context.cwd,
    }));
  return `${server.url}${TIER1_HOOK_HTTP_PATH}`;
}

async function install(argv: string[], context: CommandContext): Promise<number> {
  const options = parseManageArgs(argv);
  const directory = claudeDirectory(context, options.scope);
  const file = readSettings(join(directory, 'settings.json'));
  const found = tier1Commands(context, options.scope, options.absolute);
  const command = options.command ?? found?.hook;
  if (command === undefined) throw notInstalled(context, options.scope);
  if (options.http && options.scope === 'user') {
    throw new UsageError(
      "--http installs hooks to one project's tier1 serve, not for every project",
      'run tier1 hooks install --http in the project, without --scope user',
    );
  }
  const httpUrl = options.http ? await hookUrl(context) : undefined;
  const { settings, changed } = addTier1Hooks(file.settings, command, { httpUrl });
  if (changed.length > 0) writeSettings(file, settings);

  const commandPath = join(directory, 'commands', 'production-check.md');
  // A hook command of the user's own (--command) still gets a /production-check: `tier1` by name.
  const wanted = productionCheckCommand(found?.tier1 ?? 'tier1', COMMAND_MARKER);
  let slashCommand: 'installed' | 'unchanged' | 'kept (not Tier 1’s)' = 'unchanged';
  const current = existsSync(commandPath) ? readFileSync(commandPath, 'utf8') : undefined;
  if (current !== undefined && !current.includes(COMMAND_MARKER)) slashCommand = 'kept (not Tier 1’s)';
  else if (current !== wanted) {
    mkdirSync(dirname(commandPath), { recursive: true });
    writeFileSync(commandPath, wanted);
    slashCommand = 'installed';
  }

  if (options.json) {
    writeJson(context.stdout, {
      settings: file.path,
      command,
      ...(httpUrl ? { url: httpUrl } : {}),
      added: changed,
      slashCommand: { path: commandPath, status: slashCommand },
    });
    return 0;
  }
  writeLine(
    context.stdout,
    changed.length > 0
      ? `Tier 1 hooks installed in ${file.path}:`
      : `Tier 1 hooks already installed in ${file.path}; nothing changed.`,
  );
  for (const line of changed) writeLine(context.stdout, `  + ${line}`);
  writeLine(context.stdout, `  hook command: ${command}`);
  if (httpUrl)
    writeLine(context.stdout, `  hook url: ${httpUrl} (tier1 serve; SessionStart stays a command)`);
  writeLine(context.stdout, `/production-check: ${slashCommand} (${commandPath})`);
  if (slashCommand === 'kept (not Tier 1’s)') {
    writeLine(context.stderr, `tier1 hooks: ${commandPath} exists and is not Tier 1's; it was left alone`);
  }
  return 0;
}

function uninstall(argv: string[], context: CommandContext): number {
  const options = parseManageArgs(argv);
  const directory = claudeDirectory(context, options.scope);
  const file = readSettings(join(directory, 'settings.json'));
  const { settings, changed } = removeTier1Hooks(file.settings);
  if (changed.length > 0) writeSettings(file, settings);
  const commandPath = join(directory, 'commands', 'production-check.md');
  const removeCommand = existsSync(commandPath) && readFileSync(commandPath, 'utf8').includes(COMMAND_MARKER);
  if (removeCommand) unlinkSync(commandPath);

  if (options.json) {
    writeJson(context.stdout, { settings: file.path, removed: changed, slashCommandRemoved: removeCommand });
    return 0;
  }
  writeLine(
    context.stdout,
    changed.length > 0
      ? `Tier 1 hooks removed from ${file.path}:`
      : `No Tier 1 hooks in ${file.path}; nothing changed.`,
  );
  for (const line of changed) writeLine(context.stdout, `  - ${line}`);
  if (removeCommand) writeLine(context.stdout, `/production-check removed (${commandPath})`);
  return 0;
}

function status(argv: string[], context: CommandContext): number {
  const options = parseManageArgs(argv);
  const file = readSettings(join(claudeDirectory(context, options.scope), 'settings.json'));
  const installed = listTier1Hooks(file.settings);
  const missing = TIER1_HOOK_ENTRIES.map(({ event, matcher }) =>
    matcher === undefined ? event : `${event} ${matcher}`,
  ).filter((entry) => !installed.includes(entry));
  if (options.json) {
    writeJson(context.stdout, { settings: file.path, exists: file.existed, installed, missing });
    return 0;
  }
  writeLine(
    context.stdout,
    `${file.path}: ${installed.length} of ${TIER1_HOOK_ENTRIES.length} Tier 1 hooks installed`,
  );
  for (const line of installed) writeLine(context.stdout, `  ✓ ${line}`);
  for (const line of missing) writeLine(context.stdout, `  ✗ ${line} (run tier1 hooks install)`);
  return 0;
}

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
}

/** The payload from stdin, with --event's hook_event_name; one that is not JSON is passed on as it is. */
async function readTestPayload(
  context: CommandContext,
  event: string | undefined,
): Promise<{ payload: string; sessionId?: string }> {
  if ((context.stdin as NodeJS.ReadStream).isTTY)
    throw new UsageError('pipe a hook input into it: tier1 hooks test < payload.json');
  const read = await readBounded(context.stdin, { maxBytes: DEFAULT_MAX_INPUT_BYTES, timeoutMs: 30_000 });
  if (read.kind !== 'ok') throw new UsageError(`could not read the payload from stdin (${read.kind})`);
  try {
    const parsed = JSON.parse(read.text) as Record<string, unknown>;
    if (event) parsed.hook_event_name = event;
    const sessionId = typeof parsed.session_id === 'string' ? parsed.session_id : undefined;
    return { payload: JSON.stringify(parsed), sessionId };
  } catch {
    // Not JSON: the hook itself reports that, which is what a test of bad input wants to see.
    return { payload: read.text };
  }
}

/** The session's real action list, copied, so the test moves the item the real hook would. */
function copySessionMirror(home: string, temporaryHome: string, sessionId: string): void {
  const real = new SessionMirrorStore(home, () => {});
  const copy = new SessionMirrorStore(temporaryHome, () => {});
  if (!existsSync(real.pathFor(sessionId))) return;
  mkdirSync(copy.directory, { recursive: true });
  copyFileSync(real.pathFor(sessionId), copy.pathFor(sessionId));
}

interface HookTestRun {
  report: Awaited<ReturnType<typeof runHook>>;
  stdout: string;
  stderr: string;
}

async function runHookCaptured(
  payload: string,
  context: CommandContext,
  home: string | undefined,
): Promise<HookTestRun> {
  const stdout = new Capture();
  const stderr = new Capture();
  const report = await runHook({
    stdin: Readable.from([payload]),
    stdout,
    stderr,
    env: context.env,
    cwd: context.projectDir,
    home,
    loadN8nLayer: () => import('@tier1/n8n-reliability'),
  });
  return { report, stdout: stdout.text, stderr: stderr.text };
}

function printHookTestRun(
  context: CommandContext,
  { report, stdout, stderr }: HookTestRun,
  where: string,
): void {
  writeLine(context.stdout, `Exit code: ${report.exitCode}`);
  writeLine(context.stdout, `What it did: ${report.summary}`);
  writeLine(context.stdout, `Answer on stdout: ${stdout === '' ? '(nothing)' : stdout.trim()}`);
  if (stderr !== '') writeLine(context.stdout, `stderr: ${stderr.trim()}`);
  writeLine(context.stdout, `Events recorded (${where}):`);
  if (report.recorded.length === 0) writeLine(context.stdout, '  (none)');
  for (const event of report.recorded as Array<{ eventType: string; status: string; evidence: unknown }>) {
    writeLine(context.stdout, `  ${event.eventType} ${event.status} ${JSON.stringify(event.evidence)}`);
  }
}

async function test(argv: string[], context: CommandContext): Promise<number> {
  const { values } = parseCommandArgs(argv, { event: VALUE, record: FLAG, json: FLAG }, false);
  const { payload, sessionId } = await readTestPayload(context, values.event);
  const config = context.config();
  const temporaryHome = values.record ? undefined : mkdtempSync(join(tmpdir(), 'tier1-hooks-test-'));
  try {
    if (temporaryHome && sessionId) copySessionMirror(config.home, temporaryHome, sessionId);
    const run = await runHookCaptured(payload, context, temporaryHome);
    if (values.json) {
      writeJson(context.stdout, {
        exitCode: run.report.exitCode,
        stdout: run.stdout === '' ? null : JSON.parse(run.stdout),
        stderr: run.stderr,
        summary: run.report.summary,
        recorded: run.report.recorded,
        stored: !temporaryHome,
      });
    } else {
      const where = temporaryHome
        ? 'not stored: the test used a temporary home'
        : `spooled in ${spoolDirectory(config)}`;
      printHookTestRun(context, run, where);
    }
    return 0;
  } finally {
    if (temporaryHome) rmSync(temporaryHome, { recursive: true, force: true });
  }
}

const hooks: Command = { usage, run: routeSubcommands('hooks', { install, uninstall, test, status }) };

export default hooks;
