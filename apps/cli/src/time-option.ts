import { parseDuration } from '@tier1/core';
import { UsageError } from './command';
import { parseIntegerOption } from './option-or-variable';

/**
 * A point in time from a flag: a duration back from now (`90m`, `24h`, `7d`, `2w`) or an ISO
 * date (`2026-01-20` or `2026-01-20T18:45:00Z`). Anything else is a UsageError naming the flag.
 */
export function parseTimeOption(flag: string, value: string, now: number = Date.now()): Date {
  const text = value.trim();
  const back = parseDuration(text, { units: ['m', 'h', 'd', 'w'] });
  if (back !== undefined) return new Date(now - back);
  if (/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) {
    const date = new Date(text);
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw new UsageError(
    `--${flag} "${value}" is neither a duration nor a date`,
    `use a duration back from now such as --${flag} 7d, 24h or 90m, or an ISO date such as --${flag} 2026-01-20T18:00:00Z`,
  );
}

/** A whole number flag within bounds, e.g. --limit 50. */
export function parseCountOption(flag: string, value: string, max: number): number {
  return parseIntegerOption(flag, value, { min: 1, max }, '50');
}
