import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  ConfigError,
  formatUserError,
  requestServer,
  serverFileState,
  type Tier1Config,
  Tier1Error,
} from '@tier1/core';
import { fallbackSpoolDirectory } from '@tier1/events';
import type { GuardrailConfig } from '@tier1/hooks';
import {
  DEFAULT_CATEGORIES,
  KEYWORDS_FILE,
  type KeywordDetectorOptions,
  KeywordDetectorOptionsError,
  loadKeywordDetectorOptions,
} from '@tier1/keyword-detector';
import { claudeDirectory, readSettings } from '../claude-settings-file';
import type { Command, CommandContext } from '../command';
import { FLAG, noMorePositionals, parseCommandArgs } from '../command-args';
import { withStore } from '../open-store';
import { writeJson, writeLine } from '../write-output';

type Verdict = 'ok' | 'warn' | 'fail' | 'skip';

interface Finding {
  name: string;
  verdict: Verdict;
  detail: string;
  /** What to do about a warn or fail. */
  fix?: string;
  ms?: number;
}

const MINIMUM_NODE = [20, 19] as const;

const usage = `Usage: tier1 doctor [--json]

Checks that Tier 1 can work here: Node, the configuration, the project's tier1.keywords.json
and tier1.guardrails.json (when there are), the event store and its migrations, Redis (when
REDIS_URL is set), n8n's API (when N8N_URL and N8N_API_KEY are set), tier1 serve (when it runs)
and the Claude Code hooks. Changes nothing (it does create the embedded store's empty directory
if missing).

Exit codes: 0 nothing failed, 1 something failed, 2 the configuration is invalid.`;

async function timed(name: string, probe: () => Promise<Omit<Finding, 'name' | 'ms'>>): Promise<Finding> {
  const startedAt = performance.now();
  try {
    const finding = await probe();
    return { name, ...finding, ms: Math.round(performance.now() - startedAt) };
  } catch (error) {
    if (!Tier1Error.isInstance(error)) throw error;
    return {
      name,
      verdict: 'fail',
      detail: error.message,
      fix: error.hint,
      ms: Math.round(performance.now() - startedAt),
    };
  }
}

/** Spooled events waiting: in the spool, and in its fallback when the spool could not be written. */
function checkSpool(config: Tier1Config): Finding {
  const spool = join(config.home, 'spool');
  const fallback = fallbackSpoolDirectory(spool);
  const segments = (directory: string) =>
    existsSync(directory)
      ? readdirSync(directory).filter((name) => /\.jsonl(\.open)?$/.test(name)).length
      : 0;
  const waiting = segments(spool);
  const inFallback = segments(fallback);
  if (inFallback > 0) {
    return {
      name: 'spool',
      verdict: 'warn',
      detail: `${inFallback} segment(s) in the fallback spool ${fallback}: ${spool} could not be written`,
      fix: `make ${spool} writable, then run tier1 events drain (it drains both)`,
    };
  }
  return { name: 'spool', verdict: 'ok', detail: `${waiting} segment(s) waiting in ${spool}` };
}

function checkNode(): Finding {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  const supported = major > MINIMUM_NODE[0] || (major === MINIMUM_NODE[0] && minor >= MINIMUM_NODE[1]);
  return supported
    ? { name: 'node', verdict: 'ok', detail: `Node ${process.versions.node}` }
    : {
        name: 'node',
        verdict: 'fail',
        detail: `Node ${process.versions.node} is older than ${MINIMUM_NODE.join('.')}`,
        fix: `install Node ${MINIMUM_NODE.join('.')} or later`,
      };
}

function checkStore(context: CommandContext): Promise<Finding> {
  return timed('event store', () =>
    withStore(
      context,
      'tier1 doctor',
      async (hub) => {
        const { applied, pending } = await hub.migrationStatus();
        if (pending.length > 0 && hub.backend === 'pglite') {
          return {
            verdict: 'ok',
            detail: `${hub.store}: ${pending.length} migration(s) to apply on first use`,
          };
        }
        if (pending.length > 0) {
          return {
            verdict: 'warn',
            detail: `${hub.store}: ${pending.length} migration(s) pending (${pending.join(', ')})`,
            fix: 'run tier1 db migrate',
          };
        }
        return {
          verdict: 'ok',
          detail: `${hub.store}: ${applied.length} migration(s) applied, none pending`,
        };
      },
      { migrate: false },
    ),
  );
}

function checkServer(config: Tier1Config): Promise<Finding> {
  return timed('tier1 serve', async () => {
    const file = serverFileState(config.home);
    if (file.state === 'absent') {
      return {
        verdict: 'skip',
        detail: config.databaseUrl
          ? 'not running: hooks spool their events until tier1 events drain'
          : 'not running: commands open the embedded store one at a time, and hooks spool their events',
      };
    }
    const { info } = file;
    if (file.state === 'stale') {
      return {
        verdict: 'warn',
        detail: `${config.home}/server.json is left from tier1 serve pid ${info.pid}, which no longer runs`,
        fix: 'tier1 serve --detach starts a new one, which replaces the file',
      };
    }
    const answer = await requestServer(info, '/health', { timeoutMs: 3000 }).catch((error: Error) => error);
    if (answer instanceof Error || answer.status !== 200) {
      return {
        verdict: 'fail',
        detail: `tier1 serve pid ${info.pid} runs but ${info.url} does not answer (${answer instanceof Error ? answer.message : `HTTP ${answer.status}`})`,
        fix: `tier1 serve stop, then tier1 serve --detach; its log is ${config.home}/server.log`,
      };
    }
    return { verdict: 'ok', detail: `${info.url} (pid ${info.pid}, ${info.store})` };
  });
}

function checkRedis(config: Tier1Config): Promise<Finding> {
  if (!config.redisUrl) {
    return Promise.resolve({
      name: 'redis',
      verdict: 'skip',
      detail: 'REDIS_URL is not set: the queue tier is skipped',
    });
  }
  const redisUrl = config.redisUrl;
  return timed('redis', async () => {
    const { pingRedis } = await import('@tier1/n8n-reliability');
    const ms = await pingRedis(redisUrl);
    return { verdict: 'ok', detail: `${new URL(redisUrl).host} answered PING in ${ms.toFixed(1)} ms` };
  });
}

function checkN8n(config: Tier1Config): Promise<Finding> {
  if (!config.n8nUrl || !config.n8nApiKey) {
    return Promise.resolve({
      name: 'n8n api',
      verdict: 'skip',
      detail: 'N8N_URL and N8N_API_KEY are not both set: runs are judged by their HTTP answer alone',
    });
  }
  const { n8nUrl, n8nApiKey } = config;
  return timed('n8n api', async () => {
    const { N8nApiClient } = await import('@tier1/n8n-reliability');
    const workflows = await new N8nApiClient({ baseUrl: n8nUrl, apiKey: n8nApiKey }).listWorkflows();
    return { verdict: 'ok', detail: `${n8nUrl}: the API key works, ${workflows.length} workflow(s)` };
  });
}

function checkHooks(context: CommandContext): Promise<Finding> {
  return timed('claude hooks', async () => {
    const { listTier1Hooks } = await import('@tier1/hooks');
    const places = [
      join(claudeDirectory(context, 'project'), 'settings.json'),
      join(claudeDirectory(context, 'project'), 'settings.local.json'),
      join(claudeDirectory(context, 'user'), 'settings.json'),
    ];
    for (const path of places) {
      const file = readSettings(path);
      const hooks = listTier1Hooks(file.settings);
      if (hooks.length > 0) return { verdict: 'ok', detail: `${path}: ${hooks.join(', ')}` };
    }
    return {
      verdict: 'warn',
      detail: 'no Claude Code settings file runs tier1-hook',
      fix: 'run tier1 hooks install (project) or tier1 hooks install --scope user',
    };
  });
}

const counted = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** What the project's file adds to the detector's defaults, so a user sees it was read as meant. */
function describeKeywordOptions(options: KeywordDetectorOptions): string {
  const categories = Object.entries(options.categories ?? {});
  const isBuiltIn = (name: string) => DEFAULT_CATEGORIES.some((category) => category.name === name);
  const added = categories.map(([name]) => name).filter((name) => !isBuiltIn(name));
  const changed = categories.map(([name]) => name).filter(isBuiltIn);
  const keywords = categories.reduce((sum, [, category]) => sum + (category.keywords?.length ?? 0), 0);
  return [
    `${counted(added.length, 'new category', 'new categories')}${added.length ? ` (${added.join(', ')})` : ''}`,
    `${counted(changed.length, 'built-in category', 'built-in categories')} changed${changed.length ? ` (${changed.join(', ')})` : ''}`,
    `${counted(keywords, 'keyword', 'keywords')} of its own`,
  ].join(', ');
}

/** The hook reads the same file from the project directory; a bad one it ignores, so say so here. */
function checkKeywordsFile(context: CommandContext): Finding {
  const name = 'keywords';
  try {
    const options = loadKeywordDetectorOptions(context.projectDir);
    return options
      ? { name, verdict: 'ok', detail: `${KEYWORDS_FILE}: ${describeKeywordOptions(options)}` }
      : { name, verdict: 'skip', detail: `no ${KEYWORDS_FILE}: the hook uses the built-in keywords` };
  } catch (error) {
    if (!KeywordDetectorOptionsError.isInstance(error)) throw error;
    return {
      name,
      verdict: 'fail',
      detail: `${error.message}; until it is fixed the hook uses the built-in keywords`,
      fix: error.hint,
    };
  }
}

/** The three guardrails' modes and what the deploy gate holds, as the hook will apply them. */
function describeGuardrails(config: GuardrailConfig): string {
  const { claims, deployGate, secretGate } = config;
  return [
    `claim check ${claims.mode}`,
    `deploy gate ${deployGate.mode} (${counted(deployGate.patterns.length, 'ship pattern', 'ship patterns')}, branches ${deployGate.protectedBranches.join(', ')})`,
    `secret gate ${secretGate.mode}`,
  ].join(', ');
}

/** The hook reads this file on every call it may gate; a bad one it ignores for the defaults, so say so here. */
async function checkGuardrailsFile(context: CommandContext): Promise<Finding> {
  const name = 'guardrails';
  const { GUARDRAILS_FILE, loadGuardrailConfig } = await import('@tier1/hooks');
  try {
    const config = loadGuardrailConfig(context.projectDir);
    return config.source
      ? { name, verdict: 'ok', detail: `${GUARDRAILS_FILE}: ${describeGuardrails(config)}` }
      : {
          name,
          verdict: 'skip',
          detail: `no ${GUARDRAILS_FILE}: the guardrails run with their defaults (docs/guardrails.md)`,
        };
  } catch (error) {
    if (!ConfigError.isInstance(error)) throw error;
    return {
      name,
      verdict: 'fail',
      detail: `${error.message}; until it is fixed the guardrails run with their defaults`,
      fix: error.hint,
    };
  }
}

function switches(config: Tier1Config): Finding {
  const off = [
    ['AUTOMATION_ENABLED', config.automationEnabled],
    ['ACTION_ITEM_TRACKING_ENABLED', config.actionItemTrackingEnabled],
    ['N8N_RELIABILITY_ENABLED', config.n8nReliabilityEnabled],
  ]
    .filter(([, enabled]) => !enabled)
    .map(([name]) => name);
  return off.length === 0
    ? {
        name: 'switches',
        verdict: 'ok',
        detail: 'automation, action-item tracking and n8n reliability are on',
      }
    : {
        name: 'switches',
        verdict: 'warn',
        detail: `switched off: ${off.join(', ')}`,
        fix: 'set them to true to turn them back on',
      };
}

const MARKS: Record<Verdict, string> = { ok: '✓', warn: '!', fail: '✗', skip: '-' };

const doctor: Command = {
  usage,
  async run(argv, context) {
    const { values, positionals } = parseCommandArgs(argv, { json: FLAG });
    noMorePositionals(positionals, 0);

    const findings: Finding[] = [checkNode()];
    let config: Tier1Config | undefined;
    try {
      config = context.config();
      findings.push({
        name: 'configuration',
        verdict: 'ok',
        detail: `project "${config.projectId}", home ${config.home}`,
      });
    } catch (error) {
      if (!ConfigError.isInstance(error)) throw error;
      findings.push({
        name: 'configuration',
        verdict: 'fail',
        detail: formatUserError(error).split('\n')[0] ?? '',
        fix: error.hint,
      });
    }
    if (config) {
      findings.push(
        switches(config),
        checkKeywordsFile(context),
        checkSpool(config),
        ...(await Promise.all([
          checkGuardrailsFile(context),
          checkServer(config),
          checkStore(context),
          checkRedis(config),
          checkN8n(config),
          checkHooks(context),
        ])),
      );
    }

    if (values.json)
      writeJson(context.stdout, { ok: !findings.some((finding) => finding.verdict === 'fail'), findings });
    else {
      const width = Math.max(...findings.map((finding) => finding.name.length));
      for (const finding of findings) {
        const time = finding.ms === undefined ? '' : ` (${finding.ms} ms)`;
        writeLine(
          context.stdout,
          `${MARKS[finding.verdict]} ${finding.name.padEnd(width)}  ${finding.detail}${time}`,
        );
        if (finding.fix && finding.verdict !== 'ok')
          writeLine(context.stdout, `  ${' '.repeat(width)}  fix: ${finding.fix}`);
      }
    }
    if (!config) return 2;
    return findings.some((finding) => finding.verdict === 'fail') ? 1 : 0;
  },
};

export default doctor;
