import type { FailureType } from './failure-type';

/** What `N8nMonitor.reportResult` concluded about one run (the architecture's MonitorResult). */
export interface MonitorResult {
  failureDetected: boolean;
  failureType: FailureType;
  monitorId: string;
  taskId: string;
  workflowName: string;
  /** The run's input, kept so a fallback tier can do the same job. */
  inputParams: Record<string, unknown>;
  statusCode: number | null;
  durationSeconds: number;
  reason: string;
  /** The n8n execution that confirmed the outcome, when the executions API was asked. */
  executionId: string | null;
  /**
   * That execution's n8n status (error, crashed, canceled, success, running, ...), when known.
   * `running` or `waiting` after a gateway error means the job may still finish: recovering it
   * now could run it twice.
   */
  executionStatus?: string | null;
  /** n8n retried that execution and this retry succeeded: the job is done, recovering would run it twice. */
  retrySuccessId?: string | null;
  /** uid of the `n8n_failure_detected` event, when one was recorded. */
  eventId: string | null;
}
