/*
 * Precision and recall of the claim check on a labelled set of final messages with their
 * sessions (test/fixtures/claim-sessions.json): each session is replayed through the shared
 * handler (runHook, in process), then its Stop with the final message. A contradiction the labels
 * do not hold is a false positive: with `claims.mode: "block"` it would keep an agent working for
 * nothing, so precision has the higher floor (docs/guardrails.md, "Measured").
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { runHook } from '../src/run-hook';

interface Step {
  prompt?: string;
  bash?: string;
  exit?: number;
  output?: string;
  interrupt?: boolean;
  todos?: { content: string; status: string }[];
  task?: string;
  taskCompleted?: string;
  subject?: string;
}
interface LabelledCase {
  name: string;
  steps: Step[];
  message: string;
  falseClaims: string[];
}

const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/claim-sessions.json', import.meta.url), 'utf8'),
) as {
  cases: LabelledCase[];
  heldOut: { cases: LabelledCase[] };
};

/** Claude Code's payload for one step (shapes: docs/hook-runner.md, "Hook input"). */
function payloadOf(step: Step, sessionId: string, index: number): Record<string, unknown> {
  const common = { session_id: sessionId, transcript_path: '/tmp/t.jsonl', prompt_id: 'p1' };
  if (step.prompt !== undefined)
    return { ...common, hook_event_name: 'UserPromptSubmit', prompt: step.prompt };
  if (step.todos)
    return {
      ...common,
      hook_event_name: 'PostToolUse',
      tool_name: 'TodoWrite',
      tool_input: { todos: step.todos.map((todo) => ({ ...todo, activeForm: todo.content })) },
      tool_response: {},
    };
  if (step.task !== undefined || step.taskCompleted !== undefined)
    return {
      ...common,
      hook_event_name: step.task !== undefined ? 'TaskCreated' : 'TaskCompleted',
      task_id: step.task ?? step.taskCompleted,
      task_subject: step.subject,
    };
  const call = {
    ...common,
    tool_name: 'Bash',
    tool_input: { command: step.bash },
    tool_use_id: `toolu_${index}`,
  };
  if ((step.exit ?? 0) === 0)
    return {
      ...call,
      hook_event_name: 'PostToolUse',
      tool_response: { stdout: step.output ?? '', stderr: '', interrupted: false },
    };
  return {
    ...call,
    hook_event_name: 'PostToolUseFailure',
    error: `Exit code ${step.exit}\n${step.output ?? ''}`,
    is_interrupt: step.interrupt === true,
  };
}

const home = mkdtempSync(join(tmpdir(), 'tier1-claims-labelled-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

async function hook(payload: Record<string, unknown>) {
  const report = await runHook({
    stdin: Readable.from([JSON.stringify({ cwd: home, ...payload })]),
    stdout: { write: () => true },
    stderr: { write: () => true },
    env: { TIER1_HOME: home, TIER1_PROJECT_ID: 'labelled' },
    cwd: home,
  });
  return report.recorded as { eventType: string; evidence: { claim_kind?: string } }[];
}

/** The claim kinds the check contradicts for one labelled session. */
async function contradictedKinds(labelled: LabelledCase, sessionId: string): Promise<string[]> {
  for (const [index, step] of labelled.steps.entries()) await hook(payloadOf(step, sessionId, index));
  const events = await hook({
    session_id: sessionId,
    transcript_path: '/tmp/t.jsonl',
    hook_event_name: 'Stop',
    stop_hook_active: false,
    last_assistant_message: labelled.message,
    prompt_id: 'p1',
  });
  return events
    .filter((event) => event.eventType === 'claim_contradicted')
    .map((event) => String(event.evidence.claim_kind));
}

/** Replays every session and scores the contradictions against the labels. */
async function score(cases: LabelledCase[], prefix: string) {
  let truePositives = 0;
  let falsePositives = 0;
  let falseNegatives = 0;
  const mistakes: string[] = [];
  for (const [index, labelled] of cases.entries()) {
    const found = await contradictedKinds(labelled, `${prefix}-${index}`);
    for (const kind of found) {
      if (labelled.falseClaims.includes(kind)) truePositives++;
      else {
        falsePositives++;
        mistakes.push(`false positive ${kind}: ${labelled.name}`);
      }
    }
    for (const kind of labelled.falseClaims.filter((kind) => !found.includes(kind))) {
      falseNegatives++;
      mistakes.push(`missed ${kind}: ${labelled.name}`);
    }
  }
  const precision = truePositives / Math.max(1, truePositives + falsePositives);
  const recall = truePositives / Math.max(1, truePositives + falseNegatives);
  console.info(
    `claim check, ${prefix}, ${cases.length} labelled sessions: precision ${precision.toFixed(3)} (${truePositives}/${truePositives + falsePositives}), recall ${recall.toFixed(3)} (${truePositives}/${truePositives + falseNegatives})${mistakes.length > 0 ? `\n  ${mistakes.join('\n  ')}` : ''}`,
  );
  return { precision, recall };
}

describe('claim check on the labelled set', () => {
  it('has at least 40 labelled sessions', () => {
    expect(fixture.cases.length + fixture.heldOut.cases.length).toBeGreaterThanOrEqual(40);
  });

  it('meets the floors on the set it was tuned on: precision >= 0.95, recall >= 0.8', async () => {
    const { precision, recall } = await score(fixture.cases, 'tuning set');
    expect(precision).toBeGreaterThanOrEqual(0.95);
    expect(recall).toBeGreaterThanOrEqual(0.8);
  }, 120_000);

  it('meets the floors on the held-out set: precision >= 0.9, recall >= 0.6', async () => {
    const { precision, recall } = await score(fixture.heldOut.cases, 'held-out set');
    expect(precision).toBeGreaterThanOrEqual(0.9);
    expect(recall).toBeGreaterThanOrEqual(0.6);
  }, 120_000);
});
