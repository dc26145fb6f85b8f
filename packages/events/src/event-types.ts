import { z } from 'zod';

/** What produced an event (the architecture's `detected_from`). */
export const DETECTED_FROM = ['skill', 'hook', 'manual', 'monitor', 'router'] as const;
export type DetectedFrom = (typeof DETECTED_FROM)[number];

/** An event type: the statuses it may take and the shape of its evidence. */
export interface EventTypeDefinition<Evidence extends Record<string, unknown> = Record<string, unknown>> {
  type: string;
  statuses: readonly string[];
  evidence: z.ZodType<Evidence>;
  description?: string;
}

export function defineEventType<Evidence extends Record<string, unknown>>(
  definition: EventTypeDefinition<Evidence>,
): EventTypeDefinition<Evidence> {
  return definition;
}

const productionCheckEvidence = z.looseObject({
  checks: z.record(z.string(), z.looseObject({ passed: z.boolean(), details: z.string() })),
  decision: z.enum(['go', 'warning', 'no_go']),
  confidence: z.number().min(0).max(100),
});

const actionItemEvidence = z.looseObject({
  tool_name: z.string(),
  detected_keyword: z.string().nullable().optional(),
  keyword_category: z.string().nullable().optional(),
  confidence: z.number().min(0).max(100).nullable().optional(),
  context_snippet: z.string().optional(),
  todo_id: z.string().nullable().optional(),
  old_status: z.string().nullable().optional(),
  new_status: z.string().nullable().optional(),
});

const n8nFailureEvidence = z.looseObject({
  task_id: z.string(),
  workflow_name: z.string(),
  failure_type: z.string(),
  status_code: z.number().int().nullable(),
  duration_seconds: z.number().min(0),
  response_snippet: z.string(),
  timestamp: z.string(),
});

const n8nRecoveryEvidence = z.looseObject({
  task_id: z.string(),
  original_failure: z.string(),
  recovery_method: z.string().nullable(),
  recovery_duration_seconds: z.number().min(0),
  attempts: z.array(z.looseObject({ method: z.string(), success: z.boolean(), duration: z.number().min(0) })),
});

const hookEvidence = z.looseObject({ hook_event_name: z.string() });

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
    type: 'hook_input_rejected',
    statuses: ['failed'],
    evidence: hookEvidence,
    description: 'the hook runner was given input it could not use',
  },
];
