import type { AutomationEventInput, AutomationHub, StoredAutomationEvent } from '@tier1/events';

const MINUTE = 60_000;

/** The ids the tests look for in the seeded trail. */
export interface SeededTrail {
  project: string;
  sessionId: string;
  olderSessionId: string;
  checks: StoredAutomationEvent[];
  failure: StoredAutomationEvent;
  recovery: StoredAutomationEvent;
}

function hook(
  project: string,
  sessionId: string,
  at: number,
  fields: Omit<AutomationEventInput, 'projectId' | 'detectedFrom' | 'sessionId' | 'createdAt'>,
): AutomationEventInput {
  return { projectId: project, detectedFrom: 'hook', sessionId, createdAt: new Date(at), ...fields };
}

function toolCall(
  project: string,
  sessionId: string,
  at: number,
  prompt: string,
  tool: string,
  failed = false,
) {
  return hook(project, sessionId, at, {
    eventType: 'no_action_taken',
    status: 'skipped',
    evidence: {
      tool_name: tool,
      detected_keyword: null,
      context_snippet: failed ? 'Exit code 1: npm test failed' : 'ok',
    },
    metadata: {
      hook_type: failed ? 'PostToolUseFailure' : 'PostToolUse',
      tool_use_id: `toolu_${Math.round(at)}`,
      prompt_id: prompt,
      decision: 'no_action',
      reason: failed ? 'Exit code 1: 3 tests failed' : 'no keyword',
    },
  });
}

/**
 * A small trail as Tier 1 writes it, in the last few hours: two Claude Code sessions (prompts,
 * tool calls, a failed call, an action item completed from a tool's output and one synced from
 * TaskUpdate), three production checks of one project that change, and n8n failures with their
 * recoveries (one by the queue tier, one by the direct API, one not recovered).
 */
export async function seedTrail(hub: AutomationHub, project: string, now = Date.now()): Promise<SeededTrail> {
  const sessionId = `sess-${project}-live`;
  const olderSessionId = `sess-${project}-older`;
  const start = now - 90 * MINUTE;
  const older = now - 5 * 60 * MINUTE;
  await hub.storeEvents([
    hook(project, olderSessionId, older, {
      eventType: 'session_started',
      status: 'success',
      evidence: { hook_event_name: 'SessionStart', source: 'startup' },
    }),
    toolCall(project, olderSessionId, older + MINUTE, 'p0', 'bash'),
    hook(project, sessionId, start, {
      eventType: 'session_started',
      status: 'success',
      evidence: { hook_event_name: 'SessionStart', source: 'startup', model: 'claude-sonnet-4-5' },
    }),
    toolCall(project, sessionId, start + MINUTE, 'p1', 'read'),
    toolCall(project, sessionId, start + 2 * MINUTE, 'p1', 'bash', true),
    hook(project, sessionId, start + 3 * MINUTE, {
      eventType: 'action_item_completed',
      status: 'success',
      evidence: {
        tool_name: 'bash',
        detected_keyword: 'all tests passed',
        keyword_category: 'testing',
        confidence: 92,
        context_snippet: 'Test Files 12 passed (12) — all tests passed',
        todo_id: '3',
        old_status: 'in_progress',
        new_status: 'completed',
      },
      metadata: {
        hook_type: 'PostToolUse',
        tool_use_id: 'toolu_tests',
        prompt_id: 'p1',
        decision: 'completed',
      },
    }),
    hook(project, sessionId, start + 4 * MINUTE, {
      eventType: 'action_item_synced',
      status: 'completed',
      evidence: {
        hook_event_name: 'PostToolUse',
        tool_name: 'taskupdate',
        todo_id: '4',
        content: 'Update the changelog',
        old_status: 'in_progress',
        new_status: 'completed',
      },
      metadata: { hook_type: 'PostToolUse', tool_use_id: 'toolu_task', prompt_id: 'p2' },
    }),
    toolCall(project, sessionId, start + 5 * MINUTE, 'p2', 'edit'),
  ]);
  const check = (hoursAgo: number, decision: string, confidence: number, checks: Record<string, boolean>) =>
    hub.storeEvent({
      eventType: 'production_check',
      projectId: project,
      status: decision === 'go' ? 'success' : decision === 'warning' ? 'warning' : 'failed',
      evidence: {
        decision,
        confidence,
        checks: Object.fromEntries(
          Object.entries(checks).map(([name, passed]) => [
            name,
            { passed, details: passed ? 'ok' : 'failed' },
          ]),
        ),
      },
      detectedFrom: 'skill',
      createdAt: new Date(now - hoursAgo * 60 * MINUTE),
    });
  const checks = [
    await check(6, 'no_go', 40, { tests: false, lint: true, secrets: false }),
    await check(4, 'warning', 75, { tests: true, lint: true, secrets: false }),
    await check(2, 'go', 100, { tests: true, lint: true, secrets: true, build: true }),
  ];
  const n8nFailure = (
    minutesAgo: number,
    task: string,
    workflow: string,
    failureType: string,
    statusCode: number | null,
  ) =>
    hub.storeEvent({
      eventType: 'n8n_failure_detected',
      projectId: project,
      status: 'failed',
      evidence: {
        task_id: task,
        workflow_name: workflow,
        failure_type: failureType,
        status_code: statusCode,
        duration_seconds: 15.2,
        response_snippet: 'Service Unavailable',
        timestamp: new Date(now - minutesAgo * MINUTE).toISOString(),
      },
      detectedFrom: 'monitor',
      createdAt: new Date(now - minutesAgo * MINUTE),
    });
  const n8nRecovery = (failure: StoredAutomationEvent, method: string | null, seconds: number) =>
    hub.storeEvent({
      eventType: 'n8n_recovery_attempted',
      projectId: project,
      status: method ? 'success' : 'failed',
      evidence: {
        task_id: String(failure.evidence.task_id),
        workflow_name: String(failure.evidence.workflow_name),
        original_failure: String(failure.evidence.failure_type),
        recovery_method: method,
        recovery_duration_seconds: seconds,
        attempts: [{ method: method ?? 'queue', success: method !== null, duration: seconds }],
      },
      detectedFrom: 'router',
      correlatedWith: [failure.uid],
      createdAt: new Date(failure.createdAt.getTime() + seconds * 1000),
    });
  const failure = await n8nFailure(200, 'task-1', 'video-assembly', '504_gateway_timeout', 504);
  const recovery = await n8nRecovery(failure, 'queue', 12.5);
  await n8nRecovery(await n8nFailure(120, 'task-2', 'video-assembly', '504_gateway_timeout', 504), null, 40);
  await n8nRecovery(await n8nFailure(30, 'task-3', 'email-digest', 'rate_limited', 429), 'direct_api', 3.2);
  return { project, sessionId, olderSessionId, checks, failure, recovery };
}
