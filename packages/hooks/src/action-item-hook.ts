import type { DetectionResult, KeywordDetector } from '@tier1/keyword-detector';
import type { EventSink } from './event-sink';
import type { SessionMirror, SessionMirrorStore } from './session-mirror';
import { TodoUpdater, type UpdateResult } from './todo-updater';

/** The architecture's SUPPORTED_TOOLS; TIER1_HOOK_TOOLS replaces it. */
export const DEFAULT_SUPPORTED_TOOLS: readonly string[] = ['bash', 'write', 'edit'];

/** The architecture's HookResult: what the hook did with one tool output. */
export interface HookResult {
  actionTaken: boolean;
  toolName: string;
  keywordFound: string | null;
  confidence: number | null;
  todoUpdated: boolean;
  todoId: string | null;
  /** The moved item's text, so the answer to Claude can name it. */
  todoContent: string | null;
  newStatus: string | null;
  reason: string;
  /** The recorded event's uid (the hook spools, so there is no database row id yet); null when nothing was recorded. */
  eventId: string | null;
  detection: DetectionResult | null;
  update: UpdateResult | null;
}

export interface ToolOutputContext {
  sessionId: string;
  /** PostToolUse or PostToolUseFailure. */
  hookEventName: string;
  toolUseId?: string;
  /** The Bash command, or the path a Write/Edit wrote. */
  command?: string;
  durationMs?: number;
  /** `prompt_id`, `agent_id`, `agent_type` of the call, as Claude Code sent them (hook-input.ts `traceOf`). */
  trace?: Record<string, string>;
}

export interface ActionItemHookOptions {
  detector: Pick<KeywordDetector, 'detect'>;
  sink: EventSink;
  mirrors: SessionMirrorStore;
  projectId: string;
  /** Tool names to read, compared without regard to case. */
  supportedTools?: readonly string[];
}

const EVENT_FOR_DECISION = {
  completed: { eventType: 'action_item_completed', status: 'success' },
  pending_review: { eventType: 'action_item_pending_review', status: 'pending_review' },
} as const;

/**
 * The architecture's ActionItemHook: reads one tool output, lets KeywordDetector judge it,
 * lets TodoUpdater move the matching action item, and records what happened.
 */
export class ActionItemHook {
  readonly #options: ActionItemHookOptions;
  readonly #supported: Set<string>;

  constructor(options: ActionItemHookOptions) {
    this.#options = options;
    this.#supported = new Set(
      (options.supportedTools ?? DEFAULT_SUPPORTED_TOOLS).map((name) => name.toLowerCase()),
    );
  }

  shouldProcessTool(toolName: string): boolean {
    return this.#supported.has(toolName.toLowerCase());
  }

  /** Reads one tool's output, moves the session's matching item if the evidence says so, records why. */
  async handleToolOutput(toolName: string, output: string, context: ToolOutputContext): Promise<HookResult> {
    if (!this.shouldProcessTool(toolName)) return this.#skipped(toolName);
    const detection = this.#options.detector.detect(output, { toolName, command: context.command });
    const { update, todoContent } = await this.#applyDetection(detection, context);
    const reason = update.updated
      ? update.reason
      : `${detection.reasons.join('; ') || 'no keyword'}; ${update.reason}`;
    const event = await this.#record(toolName, detection, update, reason, context);
    return {
      actionTaken: update.updated,
      toolName,
      keywordFound: detection.keywordFound,
      confidence: detection.confidence,
      todoUpdated: update.updated,
      todoId: update.todoId,
      todoContent,
      newStatus: update.updated ? update.newStatus : null,
      reason,
      eventId: event.uid,
      detection,
      update,
    };
  }

  #skipped(toolName: string): HookResult {
    return {
      actionTaken: false,
      toolName,
      keywordFound: null,
      confidence: null,
      todoUpdated: false,
      todoId: null,
      todoContent: null,
      newStatus: null,
      reason: `${toolName} is not a tracked tool (tracked: ${[...this.#supported].join(', ')})`,
      eventId: null,
      detection: null,
      update: null,
    };
  }

  /**
   * Most outputs complete nothing: those never lock the session's list. The list is first
   * judged as it is on disk: a mirror is only ever replaced whole (rename), so an output that
   * moves no item there is answered as a locked call would have been at that moment, without
   * the lock's file writes (about 1 ms of an HTTP hook's 4, docs/server.md). Only a move is
   * made under the lock, on the list read again.
   */
  async #applyDetection(
    detection: DetectionResult,
    context: ToolOutputContext,
  ): Promise<{ update: UpdateResult; todoContent: string | null }> {
    if (detection.decision === 'no_action')
      return { update: new TodoUpdater([]).updateTodoFromDetection(detection), todoContent: null };
    const apply = (mirror: SessionMirror) => {
      const result = new TodoUpdater(mirror.items).updateTodoFromDetection(detection, {
        command: context.command,
      });
      const content = mirror.items.find((item) => item.id === result.todoId)?.content ?? null;
      return { changed: result.updated, result: { update: result, todoContent: content } };
    };
    const unlocked = apply(this.#options.mirrors.load(context.sessionId));
    if (!unlocked.changed) return unlocked.result;
    return this.#options.mirrors.update(context.sessionId, apply);
  }

  /** The architecture's action item event: what was detected, what moved, and why. */
  #record(
    toolName: string,
    detection: DetectionResult,
    update: UpdateResult,
    reason: string,
    context: ToolOutputContext,
  ): Promise<{ uid: string }> {
    const recorded =
      update.updated && detection.decision !== 'no_action'
        ? EVENT_FOR_DECISION[detection.decision]
        : { eventType: 'no_action_taken', status: 'skipped' };
    return this.#options.sink.append({
      eventType: recorded.eventType,
      projectId: this.#options.projectId,
      status: recorded.status,
      // The architecture's action item evidence, keys as written there.
      evidence: {
        tool_name: toolName.toLowerCase(),
        detected_keyword: detection.keywordFound,
        keyword_category: detection.keywordFound === null ? null : detection.category,
        confidence: detection.confidence,
        context_snippet: detection.contextSnippet,
        todo_id: update.todoId,
        old_status: update.oldStatus,
        new_status: update.updated ? update.newStatus : null,
      },
      detectedFrom: 'hook',
      metadata: {
        hook_type: context.hookEventName,
        tool_use_id: context.toolUseId ?? null,
        decision: detection.decision,
        reason,
        ...(context.durationMs === undefined ? {} : { tool_duration_ms: context.durationMs }),
        ...context.trace,
      },
      sessionId: context.sessionId,
    });
  }
}
