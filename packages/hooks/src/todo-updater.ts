import type { DetectionResult } from '@tier1/keyword-detector';
import { type ActionItem, type ActionItemStatus, isOpen } from './action-item';

/** The architecture's UpdateResult: what TodoUpdater did with one detection. */
export interface UpdateResult {
  updated: boolean;
  todoId: string | null;
  oldStatus: ActionItemStatus | null;
  newStatus: ActionItemStatus | null;
  /** Why: which item was chosen and how, or why none was moved. */
  reason: string;
}

/** What the updater reads of a detection (a KeywordDetector DetectionResult fits). */
export type DetectionForUpdate = Pick<
  DetectionResult,
  'keywordFound' | 'category' | 'contextSnippet' | 'decision'
>;

export interface UpdateContext {
  /** The Bash command or the written file's path: often names the item better than the output does. */
  command?: string;
}

// Words that say nothing about which item is meant.
const STOP_WORDS = new Set(
  'the and for with from into that this then than are was were has have had all any its not but run runs running ran add fix make use set get new via '
    .trim()
    .split(' '),
);

/** Lower-case words of three letters or more, minus stop words; `src/auth.ts` gives `src`, `auth`. */
export function matchTokens(text: string): Set<string> {
  const tokens = new Set<string>();
  for (const word of text.toLowerCase().split(/[^a-z0-9]+/)) {
    if (word.length >= 3 && !STOP_WORDS.has(word)) tokens.add(word);
  }
  return tokens;
}

/**
 * How well an item's text matches the detection's text: the share of the item's words that
 * occur in the detection (its keyword, context snippet and the command). Measured against the
 * item's words, not the union, because tool output is long and an item is a short phrase: a
 * commit output containing "auth" and "login" should fully match "Fix login auth bug" however
 * much else it says. 0 means no word in common.
 */
export function overlapScore(itemText: string, detectionTokens: Set<string>): number {
  const itemTokens = matchTokens(itemText);
  if (itemTokens.size === 0) return 0;
  let shared = 0;
  for (const token of itemTokens) if (detectionTokens.has(token)) shared += 1;
  return shared / itemTokens.size;
}

/**
 * The architecture's TodoUpdater: finds the open action item a detection belongs to, moves it
 * to completed or pending_review, and keeps the old and new status. Works on the session's
 * mirrored list in place; the caller persists it.
 */
export class TodoUpdater {
  readonly #items: ActionItem[];

  constructor(items: ActionItem[]) {
    this.#items = items;
  }

  /**
   * The item in progress when there is exactly one (the agent is working on it, so the output
   * is about it); among several in progress, or when none is, the open item whose words best
   * overlap the detection's. No overlap at all: no item (a guess would corrupt the list).
   */
  findMatchingItem(
    detection: DetectionForUpdate,
    context: UpdateContext = {},
  ): { item: ActionItem; how: string } | undefined {
    const open = this.#items.filter(isOpen);
    const inProgress = open.filter((item) => item.status === 'in_progress');
    if (inProgress.length === 1)
      return { item: inProgress[0] as ActionItem, how: 'the only item in progress' };

    const detectionTokens = matchTokens(
      [
        detection.keywordFound ?? '',
        detection.category ?? '',
        detection.contextSnippet,
        context.command ?? '',
      ].join(' '),
    );
    const rank = (candidates: ActionItem[]) => {
      let best: { item: ActionItem; score: number } | undefined;
      for (const item of candidates) {
        const score = overlapScore(
          `${item.content} ${item.activeForm ?? ''} ${item.description ?? ''}`,
          detectionTokens,
        );
        if (score > 0 && (best === undefined || score > best.score)) best = { item, score };
      }
      return best;
    };
    const bestInProgress = rank(inProgress);
    if (bestInProgress)
      return {
        item: bestInProgress.item,
        how: `the item in progress whose words best match (${Math.round(bestInProgress.score * 100)}%)`,
      };
    const bestOpen = rank(open);
    if (bestOpen)
      return {
        item: bestOpen.item,
        how: `the open item whose words best match (${Math.round(bestOpen.score * 100)}%)`,
      };
    return undefined;
  }

  updateTodoFromDetection(detection: DetectionForUpdate, context: UpdateContext = {}): UpdateResult {
    if (detection.decision === 'no_action') {
      return {
        updated: false,
        todoId: null,
        oldStatus: null,
        newStatus: null,
        reason: 'the detection is below the pending-review threshold',
      };
    }
    const match = this.findMatchingItem(detection, context);
    if (!match) {
      const reason = this.#items.some(isOpen)
        ? 'no open action item matches the output (none in progress, no words in common)'
        : 'the session has no open action items';
      return { updated: false, todoId: null, oldStatus: null, newStatus: null, reason };
    }
    const { item, how } = match;
    const newStatus: ActionItemStatus = detection.decision === 'completed' ? 'completed' : 'pending_review';
    const oldStatus = item.status;
    if (oldStatus === newStatus) {
      return {
        updated: false,
        todoId: item.id,
        oldStatus,
        newStatus,
        reason: `"${item.content}" is already ${newStatus}`,
      };
    }
    item.status = newStatus;
    item.updatedAt = new Date().toISOString();
    return {
      updated: true,
      todoId: item.id,
      oldStatus,
      newStatus,
      reason: `moved "${item.content}", ${how}, from ${oldStatus} to ${newStatus}`,
    };
  }
}
