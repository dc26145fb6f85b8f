const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

export type DurationUnit = keyof typeof UNIT_MS;

export interface DurationOptions {
  /** The units accepted after the number, e.g. `['m', 'h', 'd', 'w']` for "how far back". */
  units: readonly DurationUnit[];
  /** The unit of a bare number (`30` meaning 30 s); without it a bare number is refused. */
  bareUnit?: DurationUnit;
}

/**
 * A duration such as `90m`, `1.5h`, `500ms` or `7d`, in milliseconds (rounded to whole ones), or
 * undefined when `text` is not a non-negative number followed by one of `options.units`.
 */
export function parseDuration(text: string, options: DurationOptions): number | undefined {
  const match = /^(\d{1,15}(?:\.\d{1,9})?)\s*([a-z]*)$/.exec(text.trim());
  if (!match) return undefined;
  const unit = (match[2] || options.bareUnit) as DurationUnit | undefined;
  if (unit === undefined || !options.units.includes(unit)) return undefined;
  return Math.round(Number(match[1]) * UNIT_MS[unit]);
}
