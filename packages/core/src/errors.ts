/*
 * Errors are recognised by a marker, not `instanceof`: the hook runner builds two bundles
 * (docs/hook-runner.md), each with its own copy of these classes, and an error made by one copy
 * is no `instanceof` the other's. The marker is a registered symbol, the same in every copy.
 * A subclass is recognised by its stable `code` on top of the marker.
 */
const marker = Symbol.for('tier1.error');

/**
 * The one error shape every Tier 1 package throws for a problem a user can fix.
 * `code` is stable (scripts may match on it); `hint` says how to fix the problem.
 * The CLIs print `message` and `hint` and never a stack trace for these.
 */
export class Tier1Error extends Error {
  /** The marker `isInstance` looks for. */
  readonly [marker] = true;
  readonly code: string;
  readonly hint: string | undefined;
  /**
   * A mistake in the call, the configuration or a file the user named, which the hint fixes:
   * `tier1` then exits 2 (usage), not 1 (a failure). A property, not a class, so it survives
   * bundles that each carry their own copy of this class.
   */
  readonly userMistake: boolean;

  constructor(
    code: string,
    message: string,
    options: { hint?: string; cause?: unknown; userMistake?: boolean } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = options.hint;
    this.userMistake = options.userMistake ?? false;
  }

  /** Whether `value` is a Tier1Error, from this copy of the class or any other. */
  static isInstance(value: unknown): value is Tier1Error {
    return typeof value === 'object' && value !== null && (value as { [marker]?: unknown })[marker] === true;
  }

  /** Whether `value` is a Tier1Error with this code: how a subclass's `isInstance` recognises it. */
  protected static hasCode(value: unknown, code: string): boolean {
    return Tier1Error.isInstance(value) && value.code === code;
  }
}

const INVALID_INPUT = 'INVALID_INPUT';

/** An event, a query or another input did not have the shape the store needs. */
export class ValidationError extends Tier1Error {
  readonly field: string;

  constructor(field: string, problem: string, hint?: string) {
    super(INVALID_INPUT, `${field}: ${problem}`, { hint, userMistake: true });
    this.field = field;
  }

  static override isInstance(value: unknown): value is ValidationError {
    return Tier1Error.hasCode(value, INVALID_INPUT);
  }
}

const INVALID_CONFIG = 'INVALID_CONFIG';

/** A configuration variable is missing or has a bad value. */
export class ConfigError extends Tier1Error {
  readonly variable: string;

  constructor(variable: string, problem: string, example: string) {
    super(INVALID_CONFIG, `${variable}: ${problem}`, { hint: `set it like ${example}`, userMistake: true });
    this.variable = variable;
  }

  static override isInstance(value: unknown): value is ConfigError {
    return Tier1Error.hasCode(value, INVALID_CONFIG);
  }
}

/** One line (two with a hint) for a person: the message and what to do about it. */
export function formatUserError(error: Tier1Error): string {
  return error.hint ? `${error.message}\n  fix: ${error.hint}` : error.message;
}
