import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { formatUserError, loadConfig, type Tier1Config, Tier1Error } from '@tier1/core';
import { createSpoolRecorder } from '@tier1/events';
import { GITLEAKS_CONFIG_FILE } from '@tier1/secrets';
import { createHookHandlers, type N8nLayer } from './create-hook-handlers';
import type { EventSink } from './event-sink';
import { type HookOutcome, handleHookInput } from './handle-hook-input';
import type { HookAnswer } from './hook-answer';
import { HookInputError } from './hook-input';
import { HookLog, type TextSink } from './hook-log';
import { type HookSettings, readHookSettings } from './hook-settings';
import type { ByteSource } from './read-bounded';
import { readHookInput } from './read-hook-input';
import { recordRejectedInput } from './record-hook-events';

/** What reads a project's `.gitleaks.toml` into the trail's redaction and the secret gate: `useProjectSecretRules` of `@tier1/events`. */
export interface SecretRulesLayer {
  useProjectSecretRules(root: string, warn: (message: string) => void): void;
}

export interface RunHookOptions {
  stdin: ByteSource;
  stdout: TextSink;
  stderr: TextSink;
  env: Record<string, string | undefined>;
  /** The project directory: where `.env` is read and `.tier1/` lives. */
  cwd: string;
  /** Replaces the configured TIER1_HOME (`tier1 hooks test` runs in a temporary one). */
  home?: string;
  /** Where events go; the spool under `<home>/spool` by default. */
  createSink?: (config: Tier1Config) => EventSink;
  /**
   * Loads the n8n reliability layer, e.g. `() => import('@tier1/n8n-reliability')`. Called only
   * for an n8n tool call; without it n8n tools are left alone. (The bin passes its own bundle.)
   */
  loadN8nLayer?: () => N8nLayer | Promise<N8nLayer>;
  /**
   * Loads what adds the project's `.gitleaks.toml` to the redaction of its events and to the
   * secret gate (rules and allowlists there, as `tier1 check` reads them), e.g.
   * `() => import('@tier1/events')`. Called only when the project has that file, so a call in a
   * project without one never loads a TOML parser. (The bin passes its own bundle.)
   */
  loadSecretRules?: () => SecretRulesLayer | Promise<SecretRulesLayer>;
}

export interface RunHookReport {
  /** Always 0: the hook never blocks or fails a tool call. */
  exitCode: 0;
  answer?: HookAnswer;
  /** What happened, in one line (also the LOG_FILE line). */
  summary: string;
  /** The events recorded, as the sink returned them. */
  recorded: unknown[];
}

/** One hook call once its configuration is read: what handling its input needs. */
interface HookCall {
  options: RunHookOptions;
  config: Tier1Config;
  settings: HookSettings;
  sink: EventSink;
  log: HookLog;
}

/** The spool under `<home>/spool`, through the recorder `@tier1/events` offers short-lived processes. */
function spoolSink(config: Tier1Config): EventSink {
  const recorder = createSpoolRecorder(config);
  return { append: async (input) => (await recorder.record(input)).event, close: () => recorder.close() };
}

/** `sink`, keeping what it returned in `recorded` (the report lists the events). */
function recordingSink(sink: EventSink, recorded: unknown[]): EventSink {
  return {
    append: async (input) => {
      const event = await sink.append(input);
      recorded.push(event);
      return event;
    },
    close: () => sink.close?.(),
  };
}

/**
 * The configuration and the hook's settings, or why the call stops here: a bad value (said on
 * stderr, nothing recorded) or Tier 1 switched off. With action-item tracking off the n8n layer
 * may still want its tool calls, so the input is read only while that layer is on.
 */
function loadHookSetup(
  options: RunHookOptions,
  log: HookLog,
): { config: Tier1Config; settings: HookSettings } | { stop: string } {
  let config: Tier1Config;
  let settings: HookSettings;
  try {
    config = loadConfig({ cwd: options.cwd, env: options.env });
    if (options.home) config = { ...config, home: options.home };
    settings = readHookSettings(options.env);
  } catch (error) {
    const message = Tier1Error.isInstance(error) ? formatUserError(error) : (error as Error).message;
    log.write('error', `configuration error, nothing recorded: ${message.replace(/\s*\n\s*/g, ' ')}`);
    return { stop: 'configuration error' };
  }
  log.useConfig(config);
  if (!config.automationEnabled) return { stop: 'automation is switched off (AUTOMATION_ENABLED=false)' };
  if (!config.actionItemTrackingEnabled && !config.n8nReliabilityEnabled) {
    return {
      stop: 'tracking is switched off (ACTION_ITEM_TRACKING_ENABLED=false, N8N_RELIABILITY_ENABLED=false)',
    };
  }
  return { config, settings };
}

/**
 * The project's `.gitleaks.toml` rules, for every string this call writes (docs/secret-scanning.md).
 * A file that cannot be used, or a layer that cannot be loaded, is said on stderr: the call goes
 * on with the built-in rules, and its events are recorded.
 */
async function loadProjectSecretRules(
  options: RunHookOptions,
  config: Tier1Config,
  log: HookLog,
): Promise<void> {
  if (!options.loadSecretRules || !existsSync(join(config.projectDir, GITLEAKS_CONFIG_FILE))) return;
  const warn = (message: string) => log.write('warn', message);
  try {
    (await options.loadSecretRules()).useProjectSecretRules(config.projectDir, warn);
  } catch (error) {
    warn(
      `the project's secret rules could not be loaded, the built-in ones apply: ${(error as Error).message}`,
    );
  }
}

/** Records a refused input or keywords file; a sink that fails here too is only logged. */
async function recordRejected(
  call: HookCall,
  rejected: { problem: string; hookEventName?: string; sessionId?: string },
): Promise<void> {
  try {
    await recordRejectedInput(call.sink, call.config.projectId, rejected);
  } catch (recordError) {
    call.log.write(
      'error',
      `the rejected input could not be recorded either: ${(recordError as Error).message}`,
    );
  }
}

/** Reads, parses and handles the one input; a bad input or a fault of the hook becomes the outcome. */
async function answerInput(call: HookCall): Promise<HookOutcome> {
  let seen: { hookEventName?: string; sessionId?: string } = {};
  try {
    const input = await readHookInput(call.options.stdin, call.settings);
    seen = { hookEventName: input.hook_event_name, sessionId: input.session_id };
    const { handlers, badKeywordsFile, badGuardrailsFile } = createHookHandlers({
      ...call,
      cwd: call.options.cwd,
      loadN8nLayer: call.options.loadN8nLayer,
    });
    const outcome = await handleHookInput(input, handlers);
    for (const problem of [badKeywordsFile(), badGuardrailsFile()])
      if (problem) await recordRejected(call, { problem, ...seen });
    call.log.write('info', `${input.session_id} ${outcome.summary}`);
    return outcome;
  } catch (error) {
    if (HookInputError.isInstance(error)) {
      call.log.write('warn', `input rejected: ${error.message}`);
      await recordRejected(call, {
        problem: error.message,
        hookEventName: error.hookEventName ?? seen.hookEventName,
        sessionId: error.sessionId ?? seen.sessionId,
      });
      return { summary: `input rejected: ${error.message}` };
    }
    // A fault of the hook itself (a full disk, a bug): say so in one line, keep the stack for the log.
    call.log.write(
      'error',
      `could not handle ${seen.hookEventName ?? 'the input'}: ${(error as Error).message}`,
    );
    call.log.write('info', (error as Error).stack ?? String(error));
    return { summary: `internal error: ${(error as Error).message}` };
  }
}

/** Seals the spool's segment so a drain can take it; a failure is logged, the answer still goes out. */
async function closeSink(sink: EventSink, log: HookLog): Promise<void> {
  try {
    await sink.close?.();
  } catch (error) {
    log.write('error', `the event spool could not be sealed: ${(error as Error).message}`);
  }
}

/**
 * One hook call, as Claude Code makes it: read one JSON object from stdin, act on it, record
 * the events through the spool, and print at most one JSON object on stdout. Whatever goes
 * wrong, the exit code is 0 (docs/hook-runner.md, "What it answers": 2 would block or feed stderr
 * to Claude, any other code shows an error to the user), one line goes to stderr, and a bad input
 * is recorded as `hook_input_rejected`.
 */
export async function runHook(options: RunHookOptions): Promise<RunHookReport> {
  const log = new HookLog(options.stderr);
  const recorded: unknown[] = [];
  const report = (outcome: { summary: string; answer?: HookAnswer }): RunHookReport => {
    if (outcome.answer) options.stdout.write(`${JSON.stringify(outcome.answer)}\n`);
    return { exitCode: 0, answer: outcome.answer, summary: outcome.summary, recorded };
  };
  const setup = loadHookSetup(options, log);
  if ('stop' in setup) return report({ summary: setup.stop });
  await loadProjectSecretRules(options, setup.config, log);
  const sink = recordingSink(options.createSink?.(setup.config) ?? spoolSink(setup.config), recorded);
  try {
    return report(await answerInput({ options, ...setup, sink, log }));
  } finally {
    await closeSink(sink, log);
  }
}
