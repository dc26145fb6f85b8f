import type { ProductionCheckStateRead } from '@tier1/production-checker';
import type { GuardrailConfig } from './guardrail-config';
import { findShipment, type Shipment } from './ship-command';

/** What a gate answers for a tool call it holds: Claude Code's PreToolUse permission decision. */
export interface GateVerdict {
  gate: 'deploy_gate' | 'secret_gate';
  decision: 'deny' | 'ask';
  /** Shown to Claude as the tool's result (deny) or to the user (ask). */
  reason: string;
  /** Recorded with the `tool_call_gated` event. */
  evidence: Record<string, unknown>;
}

/** What the gate asks of git, only for a call that ships. */
export interface GitFacts {
  /** The commit a ref names (`HEAD`, `feature`); undefined outside a repository. */
  commitOf(ref: string): string | undefined;
  currentBranch(): string | undefined;
}

/** Asks git in `cwd`. node:child_process is loaded here, on a call that ships or commits only. */
export function gitFactsIn(cwd: string): GitFacts & { run(args: string[]): string | undefined } {
  const run = (args: string[]): string | undefined => {
    const { spawnSync } = process.getBuiltinModule('node:child_process');
    const result = spawnSync('git', args, { cwd, encoding: 'utf8', timeout: 5_000 });
    return result.status === 0 ? result.stdout.trim() || undefined : undefined;
  };
  return {
    run,
    commitOf: (ref) => run(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]),
    currentBranch: () => run(['symbolic-ref', '--short', '--quiet', 'HEAD']),
  };
}

const short = (commit: string) => commit.slice(0, 7);
const DECISION_LABELS = { go: 'GO', warning: 'WARNING', no_go: 'NO-GO' } as const;

/** Why the latest check does not clear this shipment, or undefined when it does. */
function problemWith(check: ProductionCheckStateRead, shippedCommit: string | undefined): string | undefined {
  if (check.kind === 'missing') return 'no production check has been run for this project';
  if (check.kind === 'unreadable')
    return `the latest production check cannot be read (${check.path}: ${check.problem})`;
  const { state } = check;
  const when = `${state.checkedAt.replace('T', ' ').slice(0, 16)} UTC${state.commit ? `, commit ${short(state.commit)}` : ''}`;
  if (state.decision === 'no_go') {
    const failed = state.failedChecks.length > 0 ? state.failedChecks.join(', ') : 'see the report';
    return `the latest production check (${when}) is NO-GO: failed checks: ${failed}`;
  }
  if (shippedCommit !== undefined && state.commit !== shippedCommit) {
    return `the latest production check (${DECISION_LABELS[state.decision]}, ${when}) is older than the commit being shipped (${short(shippedCommit)})`;
  }
  return undefined;
}

function describeShipment(shipment: Shipment): string {
  return shipment.branch
    ? `\`${shipment.what}\` ships to ${shipment.branch}`
    : `\`${shipment.what}\` ships (${shipment.pattern})`;
}

/**
 * The deploy gate (docs/guardrails.md): a call that ships is held against the project's latest
 * production check. NO-GO, no check, or a check of another commit answers the configured
 * decision with a reason naming what failed; GO (or WARNING) of the commit shipped passes.
 */
export function checkDeployGate(
  toolName: string,
  toolInput: Record<string, unknown>,
  gate: GuardrailConfig['deployGate'],
  readCheck: () => ProductionCheckStateRead,
  git: GitFacts,
): GateVerdict | undefined {
  if (gate.mode === 'off') return undefined;
  const shipment = findShipment(toolName, toolInput, gate, () => git.currentBranch());
  if (!shipment) return undefined;
  const check = readCheck();
  const shippedCommit = git.commitOf(shipment.sourceRef ?? 'HEAD');
  const problem = problemWith(check, shippedCommit);
  if (problem === undefined) return undefined;
  return {
    gate: 'deploy_gate',
    decision: gate.mode,
    reason: `Tier 1 deploy gate: ${describeShipment(shipment)}, but ${problem}. Run /production-check (\`tier1 check\`) on this commit, fix what it reports, and ship again once it is GO.`,
    evidence: {
      pattern: shipment.pattern,
      command: shipment.what,
      branch: shipment.branch ?? null,
      shipped_commit: shippedCommit ?? null,
      check_decision: check.kind === 'found' ? check.state.decision : null,
      check_commit: check.kind === 'found' ? check.state.commit : null,
      checked_at: check.kind === 'found' ? check.state.checkedAt : null,
      failed_checks: check.kind === 'found' ? check.state.failedChecks : [],
      check_event_uid: check.kind === 'found' ? check.state.eventUid : null,
    },
  };
}
