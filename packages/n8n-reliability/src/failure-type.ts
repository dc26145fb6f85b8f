/** How an n8n run failed, as the architecture names it; `success` means it did not. */
export const FailureType = {
  AUTH_FAILURE: '403_unauthorized',
  GATEWAY_TIMEOUT: '504_gateway_timeout',
  EXECUTION_TIMEOUT: 'execution_timeout',
  WEBHOOK_FAILURE: 'webhook_error',
  UNKNOWN_ERROR: 'unknown_error',
  NO_FAILURE: 'success',
} as const;

export type FailureType = (typeof FailureType)[keyof typeof FailureType];
