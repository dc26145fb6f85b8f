/**
 * The one error shape every Tier 1 package throws for a problem a user can fix.
 * `code` is stable (scripts may match on it); `hint` says how to fix the problem.
 * The CLIs print `message` and `hint` and never a stack trace for these.
 */
export class Tier1Error extends Error {
  readonly code: string;
  readonly hint: string | undefined;

  constructor(code: string, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = options.hint;
  }
}

/** An event, a query or another input did not have the shape the store needs. */
export class ValidationError extends Tier1Error {
  readonly field: string;

  constructor(field: string, problem: string, hint?: string) {
    super('INVALID_INPUT', `${field}: ${problem}`, { hint });
    this.field = field;
  }
}

/** A configuration variable is missing or has a bad value. */
export class ConfigError extends Tier1Error {
  readonly variable: string;

  constructor(variable: string, problem: string, example: string) {
    super('INVALID_CONFIG', `${variable}: ${problem}`, { hint: `set it like ${example}` });
    this.variable = variable;
  }
}

export function isTier1Error(error: unknown): error is Tier1Error {
  return error instanceof Tier1Error;
}

/** One line (two with a hint) for a person: the message and what to do about it. */
export function formatUserError(error: Tier1Error): string {
  return error.hint ? `${error.message}\n  fix: ${error.hint}` : error.message;
}
