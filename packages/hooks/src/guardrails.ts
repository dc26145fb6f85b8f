import { ConfigError, type Tier1Config } from '@tier1/core';
import { sanitizeText } from '@tier1/events';
import { readProductionCheckState } from '@tier1/production-checker';
import type { ActionItem } from './action-item';
import type { HookResult } from './action-item-hook';
import type { ActionItemChange } from './action-item-sync';
import { describeContradictions, judgeClaims } from './claim-check';
import { readClaims } from './claims';
import { type EvidenceOutcome, evidenceKindsOf, outcomeOf } from './command-evidence';
import { checkDeployGate, type GateVerdict, gitFactsIn } from './deploy-gate';
import type { EventSink } from './event-sink';
import { defaultGuardrailConfig, type GuardrailConfig, loadGuardrailConfig } from './guardrail-config';
import type { HookInput, ToolHookInput } from './hook-input';
import { completePromptItem } from './prompt-item';
import { checkSecretGate, type SecretScanner } from './secret-gate';
import { secretScanner } from './secret-scanner';
import { type EvidenceEntry, SessionEvidenceStore } from './session-evidence';
import type { SessionMirrorStore } from './session-mirror';

/** What the guardrails need, built once per hook call (docs/guardrails.md). */
export interface Guardrails {
  /** tier1.guardrails.json, read on first use; the defaults when it is bad (reported through `onBadFile`). */
  config(): GuardrailConfig;
  projectDir: string;
  home: string;
  projectId: string;
  evidence: SessionEvidenceStore;
  scanner: SecretScanner;
  /** Values never stored: the configured API keys and passwords. */
  secrets: readonly string[];
}

export interface GuardrailsOptions {
  /** The project directory: where tier1.guardrails.json and the secrets baseline are. */
  projectDir: string;
  config: Pick<Tier1Config, 'home' | 'projectId' | 'secrets'>;
  mirrors: SessionMirrorStore;
  /** Problems that do not stop the hook (a damaged evidence file, a bad baseline). */
  warn: (message: string) => void;
  /** tier1.guardrails.json is bad: the message names it, the field and the fix. */
  onBadFile: (message: string) => void;
}

export function createGuardrails(options: GuardrailsOptions): Guardrails {
  let config: GuardrailConfig | undefined;
  return {
    projectDir: options.projectDir,
    home: options.config.home,
    projectId: options.config.projectId,
    secrets: options.config.secrets,
    evidence: new SessionEvidenceStore(options.mirrors, options.warn),
    scanner: secretScanner(options.projectDir, options.warn),
    config: () => {
      if (config) return config;
      try {
        config = loadGuardrailConfig(options.projectDir);
      } catch (error) {
        if (!ConfigError.isInstance(error)) throw error;
        options.onBadFile(`${error.message}${error.hint ? ` (fix: ${error.hint})` : ''}`);
        config = defaultGuardrailConfig();
      }
      return config;
    },
  };
}

/** The parts of the hook's handlers the guardrails use. */
export interface GuardrailHandlers {
  sink: EventSink;
  mirrors: SessionMirrorStore;
  projectId: string;
  guardrails?: Guardrails;
}

/** Claude Code's PreToolUse answer for a held call (https://code.claude.com/docs/en/hooks, "PreToolUse decision control"). */
function permissionAnswer(verdict: GateVerdict) {
  return {
    hookSpecificOutput: {
      hookEventName: 'PreToolUse',
      permissionDecision: verdict.decision,
      permissionDecisionReason: verdict.reason,
    },
  };
}

/**
 * PreToolUse: the deploy gate, then the secret gate. A held call answers deny (or ask) with the
 * reason and records `tool_call_gated`; any other call passes with no answer and no event.
 */
export async function gateToolCall(handlers: GuardrailHandlers, input: ToolHookInput) {
  const guardrails = handlers.guardrails;
  if (!guardrails || input.hook_event_name !== 'PreToolUse') return undefined;
  const config = guardrails.config();
  const gitCwd = typeof input.cwd === 'string' && input.cwd !== '' ? input.cwd : guardrails.projectDir;
  const git = gitFactsIn(gitCwd);
  const verdict =
    checkDeployGate(
      input.tool_name,
      input.tool_input,
      config.deployGate,
      () => readProductionCheckState(guardrails.home, guardrails.projectId),
      git,
    ) ??
    (await checkSecretGate(
      input.tool_name,
      input.tool_input,
      config.secretGate.mode,
      guardrails.projectDir,
      guardrails.scanner,
      git.run,
    ));
  if (!verdict) return undefined;
  const event = await handlers.sink.append({
    eventType: 'tool_call_gated',
    projectId: handlers.projectId,
    status: verdict.decision === 'deny' ? 'denied' : 'ask',
    evidence: {
      hook_event_name: 'PreToolUse',
      gate: verdict.gate,
      tool_name: input.tool_name,
      decision: verdict.decision,
      reason: verdict.reason,
      ...verdict.evidence,
    },
    detectedFrom: 'hook',
    metadata: {
      hook_type: 'PreToolUse',
      tool_use_id: input.tool_use_id ?? null,
      prompt_id: input.prompt_id ?? null,
    },
    sessionId: input.session_id,
  });
  return {
    summary: `PreToolUse ${input.tool_name}: ${verdict.gate} answered ${verdict.decision} (${event.uid})`,
    answer: permissionAnswer(verdict),
  };
}

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .find((line) => line.trim() !== '' && !/^Exit code \d+$/.test(line.trim()))
      ?.trim() ?? text.trim()
  );
}

/**
 * PostToolUse / PostToolUseFailure of Bash: when the command is a test run, a build, a lint or
 * type check, a commit, a push or a deploy, its outcome becomes the session's latest evidence of
 * that kind, with the uid of the event the hook recorded for the call.
 */
export function recordToolEvidence(
  handlers: GuardrailHandlers,
  input: ToolHookInput,
  result: HookResult | undefined,
): void {
  const guardrails = handlers.guardrails;
  if (!guardrails || input.tool_name.toLowerCase() !== 'bash' || input.hook_event_name === 'PreToolUse')
    return;
  const config = guardrails.config();
  if (config.claims.mode === 'off') return;
  const command = typeof input.tool_input.command === 'string' ? input.tool_input.command : '';
  const kinds = evidenceKindsOf(command, config.deployGate.patterns);
  if (kinds.length === 0) return;
  const detection = result?.detection ?? null;
  const failure = input.hook_event_name === 'PostToolUseFailure';
  const summary = detection?.runnerOutcome
    ? (detection.reasons[0] ?? detection.contextSnippet)
    : failure
      ? firstLine(input.error ?? '')
      : '';
  const clean = (text: string) =>
    sanitizeText(text.replace(/\s+/g, ' ').trim(), { secrets: guardrails.secrets });
  const entries = kinds.map(
    (kind): EvidenceEntry => ({
      kind,
      outcome: input.is_interrupt
        ? ('unknown' satisfies EvidenceOutcome)
        : outcomeOf(kind, kinds, input.hook_event_name, command, detection),
      command: clean(command),
      summary: clean(summary),
      hookEventName: failure ? 'PostToolUseFailure' : 'PostToolUse',
      toolUseId: input.tool_use_id ?? null,
      eventUid: result?.eventId ?? null,
      promptId: typeof input.prompt_id === 'string' ? input.prompt_id : null,
      at: new Date().toISOString(),
    }),
  );
  guardrails.evidence.record(input.session_id, entries);
}

type SyncItems = (apply: (items: ActionItem[]) => ActionItemChange[]) => Promise<unknown>;

/**
 * Stop: the claims of `last_assistant_message` held against the session's evidence. Each claim
 * the evidence confirms or refutes is recorded (`claim_verified`, `claim_contradicted`); a
 * contradiction answers by the configured mode: `warn` tells the user (`systemMessage`), `block`
 * makes Claude go on (`decision: "block"`), except when `stop_hook_active` says it already did.
 */
export async function checkClaimsAtStop(
  handlers: GuardrailHandlers,
  input: HookInput,
  stopped: { summary: string },
  syncItems: SyncItems,
) {
  const guardrails = handlers.guardrails;
  const message = input.last_assistant_message;
  if (!guardrails || typeof message !== 'string') return stopped;
  const { mode } = guardrails.config().claims;
  const claims = mode === 'off' ? [] : readClaims(message);
  if (claims.length === 0) return stopped;
  const promptId = typeof input.prompt_id === 'string' ? input.prompt_id : undefined;
  const items = handlers.mirrors.load(input.session_id).items;
  const judgements = judgeClaims(claims, guardrails.evidence.load(input.session_id), items);
  const contradicted = judgements.filter((judgement) => judgement.verdict === 'contradicted');
  const blocks = mode === 'block' && contradicted.length > 0 && input.stop_hook_active !== true;
  const answered = contradicted.length === 0 ? 'none' : blocks ? 'block' : 'warn';
  for (const judgement of judgements) {
    if (judgement.verdict === 'unverified') continue;
    const verified = judgement.verdict === 'verified';
    await handlers.sink.append({
      eventType: verified ? 'claim_verified' : 'claim_contradicted',
      projectId: handlers.projectId,
      status: verified ? 'success' : 'failed',
      evidence: {
        hook_event_name: 'Stop',
        claim_kind: judgement.claim.kind,
        claim: judgement.claim.sentence,
        evidence: judgement.evidence,
        evidence_event_ids: judgement.eventIds,
        todo_ids: judgement.itemIds,
      },
      detectedFrom: 'hook',
      metadata: {
        hook_type: 'Stop',
        mode,
        answered,
        prompt_id: promptId ?? null,
        stop_hook_active: input.stop_hook_active === true,
      },
      sessionId: input.session_id,
    });
  }
  if (judgements.some((judgement) => judgement.claim.kind === 'done' && judgement.verdict === 'verified'))
    await syncItems((list) => completePromptItem(list, promptId));
  const summary = `${stopped.summary}; claims: ${judgements.map((judgement) => `${judgement.claim.kind} ${judgement.verdict}`).join(', ')}`;
  if (contradicted.length === 0) return { summary };
  const text = describeContradictions(contradicted);
  if (blocks)
    return {
      summary: `${summary}; blocked the stop`,
      answer: {
        decision: 'block' as const,
        reason: `${text}\nFix what failed and check it again, or say plainly in your answer what is not done.`,
      },
    };
  return { summary, answer: { systemMessage: text } };
}
