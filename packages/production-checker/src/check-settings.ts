import type { CheckSeverity } from './check-result';
import type { CheckerConfig, CheckerConfigInput } from './checker-config';

/** Every check the checker knows, by the name its CheckResult and event evidence carry. */
export const CHECK_NAMES = [
  'tests',
  'security',
  'documentation',
  'performance',
  'integration_tests',
  'rollback_plan',
  'git_state',
  'migrations',
  'environment',
  'smoke',
] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

/** Identity function that gives `tier1.config.{ts,js,mjs}` type checking and completion. */
export function defineCheckerConfig(config: CheckerConfigInput): CheckerConfigInput {
  return config;
}

export interface ResolvedCheckSettings {
  enabled: boolean;
  severity: CheckSeverity;
  timeoutMs: number;
}

/** A check's settings: the project's overrides on top of the check's own defaults. */
export function resolveCheckSettings(
  config: CheckerConfig,
  name: string,
  defaults: { severity: CheckSeverity; timeoutMs: number; enabled: boolean },
): ResolvedCheckSettings {
  const override = config.checks?.[name as CheckName];
  if (override === undefined) return defaults;
  if (typeof override === 'boolean') return { ...defaults, enabled: override };
  return {
    enabled: override.enabled ?? true,
    severity: override.severity ?? defaults.severity,
    timeoutMs: override.timeoutMs ?? defaults.timeoutMs,
  };
}
