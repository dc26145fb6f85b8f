export interface IntegerBounds {
  min: number;
  max: number;
}

/**
 * A whole number written in decimal digits (surrounding space allowed) within `min`..`max`, or
 * undefined. `1e3`, `0x10`, `1.0` and `''` are refused: they are not what a person typing a count,
 * a size or a timeout means, and `Number()` would take them.
 */
export function parseBoundedInteger(raw: string, { min, max }: IntegerBounds): number | undefined {
  const text = raw.trim();
  if (!/^[+-]?\d{1,16}$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) && value >= min && value <= max ? value : undefined;
}

/** What was wanted, for an error message: `a whole number from 1 to 1000`. */
export function describeIntegerBounds({ min, max }: IntegerBounds): string {
  return `a whole number from ${min} to ${max}`;
}
