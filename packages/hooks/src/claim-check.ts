import { type ActionItem, isOpen } from './action-item';
import type { Claim, ClaimKind } from './claims';
import type { EvidenceKind } from './command-evidence';
import type { EvidenceEntry, SessionEvidence } from './session-evidence';

export type ClaimVerdict = 'verified' | 'contradicted' | 'unverified';

/** One claim held against the session's evidence. */
export interface ClaimJudgement {
  claim: Claim;
  verdict: ClaimVerdict;
  /** What Tier 1 saw, in words for Claude and the user. */
  evidence: string;
  /** The events of the tool calls that are the evidence. */
  eventIds: string[];
  /** The action items that are the evidence (`done`). */
  itemIds: string[];
}

const NAMES: Record<EvidenceKind, string> = {
  tests: 'test run',
  build: 'build',
  lint: 'lint run',
  typecheck: 'type check',
  commit: 'git commit',
  push: 'git push',
  deploy: 'deploy command',
};

/** Claims about the state of the code now: the latest run decides. */
const STATE_KINDS: readonly EvidenceKind[] = ['tests', 'build', 'lint', 'typecheck'];
/** Actions that only happen through their command: none in the session means none was done. */
const ABSENCE_CONTRADICTS: readonly EvidenceKind[] = ['commit', 'push'];

function describe(entry: EvidenceEntry): string {
  const summary = entry.summary ? `: ${entry.summary}` : '';
  return `\`${entry.command}\` ${entry.outcome === 'unknown' ? 'gave no clear outcome' : entry.outcome}${summary}`;
}

function judgeRun(claim: Claim, kind: EvidenceKind, evidence: SessionEvidence): ClaimJudgement {
  const latest = evidence.latest[kind];
  const passed = evidence.lastPassed[kind];
  const judgement = (
    verdict: ClaimVerdict,
    text: string,
    entries: (EvidenceEntry | undefined)[],
  ): ClaimJudgement => ({
    claim,
    verdict,
    evidence: text,
    eventIds: entries.flatMap((entry) => (entry?.eventUid ? [entry.eventUid] : [])),
    itemIds: [],
  });
  if (!latest) {
    return ABSENCE_CONTRADICTS.includes(kind)
      ? judgement('contradicted', `no ${NAMES[kind]} ran in this session`, [])
      : judgement('unverified', `no ${NAMES[kind]} ran in this session`, []);
  }
  if (STATE_KINDS.includes(kind)) {
    if (latest.outcome === 'failed')
      return judgement('contradicted', `the latest ${NAMES[kind]} failed: ${describe(latest)}`, [latest]);
    if (latest.outcome === 'passed')
      return judgement('verified', `the latest ${NAMES[kind]} passed: ${describe(latest)}`, [latest]);
    return judgement('unverified', `the latest ${NAMES[kind]} ${describe(latest)}`, [latest]);
  }
  // Something done (commit, push, deploy): any success in the session confirms it.
  if (passed) return judgement('verified', `a ${NAMES[kind]} succeeded: ${describe(passed)}`, [passed]);
  if (latest.outcome === 'failed')
    return judgement(
      'contradicted',
      `no ${NAMES[kind]} succeeded in this session; the latest failed: ${describe(latest)}`,
      [latest],
    );
  return judgement('unverified', `the latest ${NAMES[kind]} ${describe(latest)}`, [latest]);
}

/**
 * "Done": the agent's own open items contradict it; with no list of its own, the prompt is the
 * item, and a failing latest check (tests, build, lint, type check) contradicts it.
 */
function judgeDone(claim: Claim, evidence: SessionEvidence, items: readonly ActionItem[]): ClaimJudgement {
  const own = items.filter((item) => item.source !== 'prompt' && item.status !== 'deleted');
  if (own.length > 0) {
    const open = own.filter(isOpen);
    const itemIds = (open.length > 0 ? open : own).map((item) => item.id);
    if (open.length === 0)
      return {
        claim,
        verdict: 'verified',
        evidence: `all ${own.length} action item(s) are completed`,
        eventIds: [],
        itemIds,
      };
    const listed = open
      .slice(0, 5)
      .map((item) => `"${item.content}" (${item.status})`)
      .join(', ');
    return {
      claim,
      verdict: 'contradicted',
      evidence: `${open.length} of ${own.length} action item(s) are still open: ${listed}${open.length > 5 ? ', …' : ''}`,
      eventIds: [],
      itemIds,
    };
  }
  const failing = STATE_KINDS.map((kind) => evidence.latest[kind]).filter(
    (entry): entry is EvidenceEntry => entry?.outcome === 'failed',
  );
  const prompt = items.filter((item) => item.source === 'prompt').at(-1);
  const itemIds = prompt ? [prompt.id] : [];
  if (failing.length > 0) {
    return {
      claim,
      verdict: 'contradicted',
      evidence: failing
        .map((entry) => `the latest ${NAMES[entry.kind]} failed: ${describe(entry)}`)
        .join('; '),
      eventIds: failing.flatMap((entry) => (entry.eventUid ? [entry.eventUid] : [])),
      itemIds,
    };
  }
  if (!prompt)
    return {
      claim,
      verdict: 'unverified',
      evidence: 'the session has no action item',
      eventIds: [],
      itemIds,
    };
  return {
    claim,
    verdict: 'verified',
    evidence: `no check of this session is failing (action item "${prompt.content}")`,
    eventIds: [],
    itemIds,
  };
}

/** Holds each claim against what the session did (docs/guardrails.md, "Claims"). */
export function judgeClaims(
  claims: readonly Claim[],
  evidence: SessionEvidence,
  items: readonly ActionItem[],
): ClaimJudgement[] {
  return claims.map((claim) =>
    claim.kind === 'done'
      ? judgeDone(claim, evidence, items)
      : judgeRun(claim, claim.kind as Exclude<ClaimKind, 'done'>, evidence),
  );
}

/** The text Claude (block) or the user (warn) reads: each contradicted claim and what Tier 1 saw. */
export function describeContradictions(judgements: readonly ClaimJudgement[]): string {
  const lines = judgements
    .filter((judgement) => judgement.verdict === 'contradicted')
    .map((judgement) => `- "${judgement.claim.sentence}": ${judgement.evidence}`);
  return `Tier 1 checked the last message against this session's evidence, and it does not hold:\n${lines.join('\n')}`;
}
