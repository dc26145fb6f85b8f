import { Tier1Error } from '@tier1/core';

/** A request the dashboard cannot answer as asked: a bad parameter (400) or an unknown path (404). */
export class DashboardRequestError extends Tier1Error {
  readonly status: number;

  constructor(status: number, message: string, hint?: string) {
    super(status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST', message, { hint });
    this.status = status;
  }
}
