import { Tier1Error } from '@tier1/core';

const CODES: Record<number, string> = { 400: 'BAD_REQUEST', 404: 'NOT_FOUND', 405: 'METHOD_NOT_ALLOWED' };

/** A request the dashboard cannot answer as asked: a bad parameter (400), an unknown path (404), a write (405). */
export class DashboardRequestError extends Tier1Error {
  readonly status: number;

  constructor(status: 400 | 404 | 405, message: string, hint?: string) {
    super(CODES[status] ?? 'BAD_REQUEST', message, { hint });
    this.status = status;
  }

  /** Whether `value` is a DashboardRequestError, from this copy of the class or any other. */
  static override isInstance(value: unknown): value is DashboardRequestError {
    return Tier1Error.isInstance(value) && typeof (value as { status?: unknown }).status === 'number';
  }
}
