import {
  arrayOf,
  boolean,
  type EvidenceSchema,
  evidenceSchema,
  integer,
  nullable,
  number,
  object,
  oneOf,
  optional,
  recordOf,
  string,
} from './evidence-schema';

/** What produced an event (the architecture's `detected_from`). */
export const DETECTED_FROM = ['skill', 'hook', 'manual', 'monitor', 'router'] as const;
export type DetectedFrom = (typeof DETECTED_FROM)[number];

/** An event type: the statuses it may take and what its evidence must hold. */
export interface EventTypeDefinition {
  type: string;
  statuses: readonly string[];
  /** A zod schema, or any object with a compatible `safeParse`. */
  evidence: EvidenceSchema;
  description?: string;
}

export function defineEventType(definition: EventTypeDefinition): EventTypeDefinition {
  return definition;
}

const percent = number(0, 100);

const productionCheckEvidence = evidenceSchema(
  object({
    checks: recordOf(object({ passed: boolean, details: string })),
    decision: oneOf('go', 'warning', 'no_go'),
    confidence: percent,
  }),
);

const actionItemEvidence = evidenceSchema(
  object({
    tool_name: string,
    detected_keyword: optional(nullable(string)),
    keyword_category: optional(nullable(string)),
    confidence: optional(nullable(percent)),
    context_snippet: optional(string),
    todo_id: optional(nullable(string)),
    old_status: optional(nullable(string)),
    new_status: optional(nullable(string)),
  }),
);

const n8nFailureEvidence = evidenceSchema(
  object({
    task_id: string,
    workflow_name: string,
    failure_type: string,
    status_code: nullable(integer),
    duration_seconds: number(0),
    response_snippet: string,
    timestamp: string,
  }),
);

const n8nRecoveryEvidence = evidenceSchema(
  object({
    task_id: string,
    original_failure: string,
    recovery_method: nullable(string),
    recovery_duration_seconds: number(0),
    attempts: arrayOf(object({ method: string, success: boolean, duration: number(0) })),
  }),
);

const hookEvidence = evidenceSchema(object({ hook_event_name: string }));

const claimEvidence = evidenceSchema(
  object({
    hook_event_name: string,
    claim_kind: string,
    claim: string,
    evidence: string,
    evidence_event_ids: arrayOf(string),
  }),
);

const gateEvidence = evidenceSchema(
  object({
    hook_event_name: string,
    gate: oneOf('deploy_gate', 'secret_gate'),
    tool_name: string,
    reason: string,
  }),
);

/** The event types Tier 1's own packages write (the architecture's table, plus the hook's own records). */
export const KNOWN_EVENT_TYPES: readonly EventTypeDefinition[] = [
  {
    type: 'production_check',
    statuses: ['success', 'warning', 'failed'],
    evidence: productionCheckEvidence,
    description: 'a production readiness decision with every check',
  },
  {
    type: 'action_item_completed',
    statuses: ['success'],
    evidence: actionItemEvidence,
    description: 'tool output showed an action item was done',
  },
  {
    type: 'action_item_pending_review',
    statuses: ['pending_review'],
    evidence: actionItemEvidence,
    description: 'tool output suggested an action item was done; a person should confirm',
  },
  {
    type: 'no_action_taken',
    statuses: ['skipped'],
    evidence: actionItemEvidence,
    description: 'tool output was read and nothing was changed',
  },
  {
    type: 'n8n_failure_detected',
    statuses: ['failed'],
    evidence: n8nFailureEvidence,
    description: 'an n8n workflow run failed',
  },
  {
    type: 'n8n_recovery_attempted',
    statuses: ['success', 'failed'],
    evidence: n8nRecoveryEvidence,
    description: 'the fallback chain tried to do a failed run’s job',
  },
  {
    type: 'session_started',
    statuses: ['success'],
    evidence: hookEvidence,
    description: 'a Claude Code session started (SessionStart hook)',
  },
  {
    type: 'session_stopped',
    statuses: ['success'],
    evidence: hookEvidence,
    description: 'Claude Code finished answering (Stop hook) or the session ended',
  },
  {
    type: 'action_item_synced',
    statuses: ['pending', 'in_progress', 'completed', 'deleted'],
    evidence: hookEvidence,
    description: 'an action item of the agent’s own list was created or changed',
  },
  {
    type: 'claim_verified',
    statuses: ['success'],
    evidence: claimEvidence,
    description: 'a claim of the agent’s final message that the session’s evidence confirms',
  },
  {
    type: 'claim_contradicted',
    statuses: ['failed'],
    evidence: claimEvidence,
    description: 'a claim of the agent’s final message that the session’s evidence refutes',
  },
  {
    type: 'tool_call_gated',
    statuses: ['denied', 'ask'],
    evidence: gateEvidence,
    description: 'the deploy or secret gate held a tool call (PreToolUse deny or ask)',
  },
  {
    type: 'hook_input_rejected',
    statuses: ['failed'],
    evidence: hookEvidence,
    description: 'the hook runner was given input it could not use',
  },
];
