import { appendFileSync } from 'node:fs';
import { formatUserError, loadConfig, readIntegerVariable, type Tier1Config, Tier1Error } from '@tier1/core';
import { createSpoolRecorder } from '@tier1/events';
import {
  KeywordDetector,
  KeywordDetectorOptionsError,
  loadKeywordDetectorOptions,
} from '@tier1/keyword-detector';
import type { N8nReliabilityHook } from '@tier1/n8n-reliability';
import { ActionItemHook, DEFAULT_SUPPORTED_TOOLS } from './action-item-hook';
import type { EventSink } from './event-sink';
import { type HookAnswer, handleHookInput } from './handle-hook-input';
import { HookInputError, parseHookInput } from './hook-input';
import {
  type BoundedReadResult,
  type ByteSource,
  DEFAULT_MAX_INPUT_BYTES,
  DEFAULT_READ_TIMEOUT_MS,
  readBounded,
} from './read-bounded';
import { SessionMirrorStore } from './session-mirror';

/** What the hook needs of `@tier1/n8n-reliability`, loaded only for an n8n tool call. */
export interface N8nLayer {
  N8nReliabilityHook: typeof N8nReliabilityHook;
}

/** Where the hook writes: a Node stream, or a synchronous writer of a file descriptor. */
export interface TextSink {
  write(text: string): unknown;
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

/** The spool under `<home>/spool`, through the recorder `@tier1/events` offers short-lived processes. */
function spoolSink(config: Tier1Config): EventSink {
  const recorder = createSpoolRecorder(config);
  return { append: async (input) => (await recorder.record(input)).event, close: () => recorder.close() };
}

/**
 * Built on first use: reading tier1.keywords.json and compiling the phrase matcher are wasted on
 * session and todo events. A bad file is handed to `onBadFile` and the default keywords are used:
 * the file only adds to or tunes the defaults, so a typo in it should cost the project its own
 * words until it is fixed, not all of its tracking; a project without the file runs on the same defaults.
 */
function lazyDetector(
  projectDir: string,
  onBadFile: (error: KeywordDetectorOptionsError) => void,
): Pick<KeywordDetector, 'detect'> {
  let detector: KeywordDetector | undefined;
  const build = () => {
    try {
      return new KeywordDetector(loadKeywordDetectorOptions(projectDir));
    } catch (error) {
      if (!KeywordDetectorOptionsError.isInstance(error)) throw error;
      onBadFile(error);
      return new KeywordDetector();
    }
  };
  return {
    detect: (output, context) => {
      detector ??= build();
      return detector.detect(output, context);
    },
  };
}

/** Hook-only settings, read from the same environment as Tier1Config. */
interface HookSettings {
  supportedTools: string[];
  maxInputBytes: number;
  readTimeoutMs: number;
}

function readHookSettings(env: Record<string, string | undefined>): HookSettings {
  const tools = env.TIER1_HOOK_TOOLS?.split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  return {
    supportedTools: tools && tools.length > 0 ? tools : [...DEFAULT_SUPPORTED_TOOLS],
    maxInputBytes: readIntegerVariable(env, 'TIER1_HOOK_MAX_INPUT_BYTES', {
      min: 1,
      max: Number.MAX_SAFE_INTEGER,
      fallback: DEFAULT_MAX_INPUT_BYTES,
      example: '8388608',
    }),
    readTimeoutMs: readIntegerVariable(env, 'TIER1_HOOK_STDIN_TIMEOUT_MS', {
      min: 1,
      max: Number.MAX_SAFE_INTEGER,
      fallback: DEFAULT_READ_TIMEOUT_MS,
      example: '5000',
    }),
  };
}

function describeReadProblem(
  result: Exclude<BoundedReadResult, { kind: 'ok' }>,
  settings: HookSettings,
): string {
  switch (result.kind) {
    case 'too_large':
      return `stdin is larger than ${settings.maxInputBytes} bytes (TIER1_HOOK_MAX_INPUT_BYTES); the input was not read`;
    case 'timeout':
      return `stdin did not close within ${settings.readTimeoutMs} ms (TIER1_HOOK_STDIN_TIMEOUT_MS; ${result.bytesRead} bytes read)`;
    case 'error':
      return `stdin could not be read (${result.message})`;
  }
}

/**
 * One hook call, as Claude Code makes it: read one JSON object from stdin, act on it, record
 * the events through the spool, and print at most one JSON object on stdout. Whatever goes
 * wrong, the exit code is 0 (https://code.claude.com/docs/en/hooks, "Exit code output": 2 would
 * block or feed stderr to Claude, any other code shows an error to the user), one line goes to
 * stderr, and a bad input is recorded as `hook_input_rejected`.
 */
export async function runHook(options: RunHookOptions): Promise<RunHookReport> {
  const recorded: unknown[] = [];
  let config: Tier1Config | undefined;
  const log = (level: 'info' | 'warn' | 'error', message: string) => {
    if (level !== 'info') options.stderr.write(`tier1-hook: ${message}\n`);
    if (!config?.logFile || config.logLevel === 'silent') return;
    if (level === 'info' && (config.logLevel === 'warn' || config.logLevel === 'error')) return;
    try {
      appendFileSync(config.logFile, `${new Date().toISOString()} tier1-hook ${level} ${message}\n`);
    } catch (error) {
      options.stderr.write(
        `tier1-hook: LOG_FILE ${config.logFile} cannot be written (${(error as Error).message})\n`,
      );
    }
  };
  const done = (summary: string, answer?: HookAnswer): RunHookReport => {
    if (answer) options.stdout.write(`${JSON.stringify(answer)}\n`);
    return { exitCode: 0, answer, summary, recorded };
  };

  let settings: HookSettings;
  try {
    config = loadConfig({ cwd: options.cwd, env: options.env });
    if (options.home) config = { ...config, home: options.home };
    settings = readHookSettings(options.env);
  } catch (error) {
    const message = Tier1Error.isInstance(error) ? formatUserError(error) : (error as Error).message;
    log('error', `configuration error, nothing recorded: ${message.replace(/\s*\n\s*/g, ' ')}`);
    return done('configuration error');
  }
  // Switched off: exit before reading the input. With action-item tracking off the n8n layer
  // may still want its tool calls, so the input is read only while that layer is on.
  if (!config.automationEnabled) return done('automation is switched off (AUTOMATION_ENABLED=false)');
  if (!config.actionItemTrackingEnabled && !config.n8nReliabilityEnabled) {
    return done(
      'tracking is switched off (ACTION_ITEM_TRACKING_ENABLED=false, N8N_RELIABILITY_ENABLED=false)',
    );
  }

  const activeConfig = config;
  const sink = options.createSink?.(activeConfig) ?? spoolSink(activeConfig);
  const recordingSink: EventSink = {
    append: async (input) => {
      const event = await sink.append(input);
      recorded.push(event);
      return event;
    },
  };

  let hookEventName: string | undefined;
  let sessionId: string | undefined;
  try {
    return await handleOneInput();
  } finally {
    try {
      await sink.close?.();
    } catch (error) {
      log('error', `the event spool could not be sealed: ${(error as Error).message}`);
    }
  }

  async function handleOneInput(): Promise<RunHookReport> {
    try {
      const read = await readBounded(options.stdin, {
        maxBytes: settings.maxInputBytes,
        timeoutMs: settings.readTimeoutMs,
      });
      if (read.kind !== 'ok') throw new HookInputError(describeReadProblem(read, settings));
      const input = parseHookInput(read.text);
      hookEventName = input.hook_event_name;
      sessionId = input.session_id;
      const mirrors = new SessionMirrorStore(activeConfig.home, (message) => log('warn', message));
      let badKeywordsFile: string | undefined;
      const actionItems = activeConfig.actionItemTrackingEnabled
        ? new ActionItemHook({
            detector: lazyDetector(options.cwd, (error) => {
              badKeywordsFile = `${error.message} (fix: ${error.hint})`.replace(/\s+/g, ' ');
              log('warn', `${badKeywordsFile}; the default keywords are used until it is fixed`);
            }),
            sink: recordingSink,
            mirrors,
            projectId: activeConfig.projectId,
            supportedTools: settings.supportedTools,
          })
        : undefined;
      const loadN8nLayer = options.loadN8nLayer;
      const loadN8n =
        activeConfig.n8nReliabilityEnabled && loadN8nLayer
          ? async () => {
              const { N8nReliabilityHook } = await loadN8nLayer();
              return new N8nReliabilityHook({
                config: activeConfig,
                cwd: options.cwd,
                recorder: { record: (event) => recordingSink.append(event) },
              });
            }
          : undefined;
      const outcome = await handleHookInput(input, {
        sink: recordingSink,
        mirrors,
        actionItems,
        projectId: activeConfig.projectId,
        loadN8n,
      });
      if (badKeywordsFile) await recordRejected(badKeywordsFile, hookEventName, sessionId);
      log('info', `${sessionId} ${outcome.summary}`);
      return done(outcome.summary, outcome.answer);
    } catch (error) {
      if (HookInputError.isInstance(error)) return rejectInput(error);
      // A fault of the hook itself (a full disk, a bug): say so in one line, keep the stack for the log.
      log('error', `could not handle ${hookEventName ?? 'the input'}: ${(error as Error).message}`);
      log('info', (error as Error).stack ?? String(error));
      return done(`internal error: ${(error as Error).message}`);
    }
  }

  async function rejectInput(error: HookInputError): Promise<RunHookReport> {
    log('warn', `input rejected: ${error.message}`);
    await recordRejected(error.message, error.hookEventName ?? hookEventName, error.sessionId ?? sessionId);
    return done(`input rejected: ${error.message}`);
  }

  /** What the hook was given and could not use: its input, or the project's tier1.keywords.json. */
  async function recordRejected(
    problem: string,
    rejectedEventName: string | undefined,
    rejectedSessionId: string | undefined,
  ): Promise<void> {
    try {
      await recordingSink.append({
        eventType: 'hook_input_rejected',
        projectId: activeConfig.projectId,
        status: 'failed',
        evidence: { hook_event_name: rejectedEventName ?? 'unknown', problem },
        detectedFrom: 'hook',
        metadata: { hook_type: rejectedEventName ?? 'unknown' },
        sessionId: rejectedSessionId ?? null,
      });
    } catch (recordError) {
      log('error', `the rejected input could not be recorded either: ${(recordError as Error).message}`);
    }
  }
}
