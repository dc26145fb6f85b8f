import type { MonitorResult } from './monitor-result';
import { UNFINISHED_EXECUTION_STATUSES } from './n8n-api-client';

/*
 * The one rule for "do not recover this failed run", used by executeWithFallback, the Claude Code
 * hook and `tier1 n8n watch`: recovering a run n8n is still executing, or one n8n already retried
 * successfully, would do the job twice (docs/n8n-recovery.md, "Exactly once").
 */

export type NoRecoveryCode = 'still_running' | 'retried_by_n8n' | 'unmapped' | 'turned_off';

export interface NoRecovery {
  code: NoRecoveryCode;
  reason: string;
}

export function whyNotRecover(
  monitorResult: Pick<MonitorResult, 'executionId' | 'executionStatus' | 'retrySuccessId'>,
  options: { mapped: boolean; recoveryOff: boolean },
): NoRecovery | undefined {
  const { executionId, executionStatus, retrySuccessId } = monitorResult;
  if (executionStatus && UNFINISHED_EXECUTION_STATUSES.has(executionStatus))
    return {
      code: 'still_running',
      reason: `n8n execution ${executionId} is still ${executionStatus}: recovering now could run the job twice`,
    };
  if (retrySuccessId)
    return {
      code: 'retried_by_n8n',
      reason: `n8n retried execution ${executionId} successfully as execution ${retrySuccessId}: the job is done`,
    };
  if (!options.mapped) return { code: 'unmapped', reason: 'the workflow has no fallback task mapped' };
  if (options.recoveryOff) return { code: 'turned_off', reason: 'recovery is turned off' };
  return undefined;
}
