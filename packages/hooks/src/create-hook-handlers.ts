import type { Tier1Config } from '@tier1/core';
import type { N8nReliabilityHook } from '@tier1/n8n-reliability';
import { ActionItemHook } from './action-item-hook';
import type { EventSink } from './event-sink';
import { createGuardrails } from './guardrails';
import type { HookHandlers } from './handle-hook-input';
import type { HookLog } from './hook-log';
import type { HookSettings } from './hook-settings';
import { lazyDetector } from './lazy-detector';
import { SessionMirrorStore } from './session-mirror';

/** What the hook needs of `@tier1/n8n-reliability`, loaded only for an n8n tool call. */
export interface N8nLayer {
  N8nReliabilityHook: typeof N8nReliabilityHook;
}

export interface HookHandlersContext {
  config: Tier1Config;
  settings: HookSettings;
  /** The project directory: where tier1.keywords.json and tier1.n8n.json are read. */
  cwd: string;
  sink: EventSink;
  log: HookLog;
  loadN8nLayer?: () => N8nLayer | Promise<N8nLayer>;
}

/**
 * The handlers of one hook call, as the configuration switches them on: the session mirror,
 * action-item tracking (with the project's keywords, read on first use) and the n8n layer
 * (loaded only for an n8n tool), and the guardrails (docs/guardrails.md). `badKeywordsFile()` and
 * `badGuardrailsFile()` tell afterwards whether the project's tier1.keywords.json or
 * tier1.guardrails.json was refused, so the caller can record it.
 */
export function createHookHandlers(context: HookHandlersContext): {
  handlers: HookHandlers;
  badKeywordsFile: () => string | undefined;
  badGuardrailsFile: () => string | undefined;
} {
  const { config, log, sink } = context;
  const mirrors = new SessionMirrorStore(config.home, (message) => log.write('warn', message), {
    secrets: config.secrets,
  });
  let badKeywordsFile: string | undefined;
  const actionItems = config.actionItemTrackingEnabled
    ? new ActionItemHook({
        detector: lazyDetector(context.cwd, (error) => {
          badKeywordsFile = `${error.message} (fix: ${error.hint})`.replace(/\s+/g, ' ');
          log.write('warn', `${badKeywordsFile}; the default keywords are used until it is fixed`);
        }),
        sink,
        mirrors,
        projectId: config.projectId,
        supportedTools: context.settings.supportedTools,
      })
    : undefined;
  const loadN8nLayer = context.loadN8nLayer;
  const loadN8n =
    config.n8nReliabilityEnabled && loadN8nLayer
      ? async () => {
          const { N8nReliabilityHook } = await loadN8nLayer();
          return new N8nReliabilityHook({
            config,
            cwd: context.cwd,
            recorder: { record: (event) => sink.append(event) },
          });
        }
      : undefined;
  let badGuardrailsFile: string | undefined;
  const guardrails = createGuardrails({
    projectDir: context.cwd,
    config,
    mirrors,
    warn: (message) => log.write('warn', message),
    onBadFile: (message) => {
      badGuardrailsFile = message;
      log.write('warn', `${message}; the default guardrails apply until it is fixed`);
    },
  });
  return {
    handlers: { sink, mirrors, actionItems, projectId: config.projectId, loadN8n, guardrails },
    badKeywordsFile: () => badKeywordsFile,
    badGuardrailsFile: () => badGuardrailsFile,
  };
}
