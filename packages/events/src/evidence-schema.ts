/** Where in a value a problem is, and what it is (the shape zod's issues have too). */
export interface SchemaIssue {
  path: PropertyKey[];
  message: string;
}

/**
 * What an event type's evidence is checked with: anything with zod's `safeParse`, so a project
 * can register its own types with zod schemas while Tier 1's own types use the small checks
 * below, which keep zod out of the hook process (it would double its start-up time).
 */
export interface EvidenceSchema {
  safeParse(
    value: unknown,
  ): { success: true } | { success: false; error: { issues: readonly SchemaIssue[] } };
}

/** A check returns the first problem it finds, or nothing. */
export type Check = (value: unknown) => SchemaIssue | undefined;

const issue = (message: string): SchemaIssue => ({ path: [], message });
const within = (key: PropertyKey, found: SchemaIssue | undefined): SchemaIssue | undefined =>
  found && { path: [key, ...found.path], message: found.message };

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);

export const string: Check = (value) => (typeof value === 'string' ? undefined : issue('expected a string'));
export const boolean: Check = (value) =>
  typeof value === 'boolean' ? undefined : issue('expected true or false');
export const integer: Check = (value) =>
  Number.isInteger(value) ? undefined : issue('expected a whole number');

export function number(min = Number.NEGATIVE_INFINITY, max = Number.POSITIVE_INFINITY): Check {
  return (value) =>
    typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max
      ? undefined
      : issue(
          max === Number.POSITIVE_INFINITY
            ? `expected a number of at least ${min}`
            : `expected a number from ${min} to ${max}`,
        );
}

export function oneOf(...values: readonly string[]): Check {
  return (value) =>
    values.includes(value as string) ? undefined : issue(`expected one of ${values.join(', ')}`);
}

export const nullable =
  (check: Check): Check =>
  (value) =>
    value === null ? undefined : check(value);

export const optional =
  (check: Check): Check =>
  (value) =>
    value === undefined ? undefined : check(value);

/** An object with at least these fields (others are allowed, as evidence grows). */
export function object(fields: Record<string, Check>): Check {
  return (value) => {
    if (!isPlainObject(value)) return issue('expected an object');
    for (const [key, check] of Object.entries(fields)) {
      const found = within(key, check(value[key]));
      if (found) return found;
    }
    return undefined;
  };
}

export function arrayOf(item: Check): Check {
  return (value) => {
    if (!Array.isArray(value)) return issue('expected an array');
    for (const [index, element] of value.entries()) {
      const found = within(index, item(element));
      if (found) return found;
    }
    return undefined;
  };
}

export function recordOf(entry: Check): Check {
  return (value) => {
    if (!isPlainObject(value)) return issue('expected an object');
    for (const [key, element] of Object.entries(value)) {
      const found = within(key, entry(element));
      if (found) return found;
    }
    return undefined;
  };
}

/** Turns a check into an EvidenceSchema. */
export function evidenceSchema(check: Check): EvidenceSchema {
  return {
    safeParse(value) {
      const found = check(value);
      return found ? { success: false, error: { issues: [found] } } : { success: true };
    },
  };
}
