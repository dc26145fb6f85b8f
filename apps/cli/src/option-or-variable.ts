import {
  describeIntegerBounds,
  type IntegerBounds,
  type IntegerVariable,
  parseBoundedInteger,
  readIntegerVariable,
} from '@tier1/core';
import { UsageError } from './command';

/** A whole-number flag within bounds, e.g. `--port 4319`; else a UsageError naming the flag and a good value. */
export function parseIntegerOption(
  flag: string,
  value: string,
  bounds: IntegerBounds,
  example: string,
): number {
  const number = parseBoundedInteger(value, bounds);
  if (number === undefined)
    throw new UsageError(
      `--${flag} "${value}" is not ${describeIntegerBounds(bounds)}`,
      `use e.g. --${flag} ${example}`,
    );
  return number;
}

/** A setting a command takes from its option or, when the option is not given, from a variable. */
export interface OptionOrVariable {
  /** The option, without its dashes: `port`. */
  option: string;
  /** The environment variable (or `.env` entry) read when the option is not given: `TIER1_SERVER_PORT`. */
  variable: string;
}

/**
 * The option's value when given, else the variable's (a blank one counts as unset), else the
 * fallback. A value that is not a whole number within bounds is refused naming where it came
 * from: the option (a UsageError) or the variable (a ConfigError), each with a good value.
 */
export function readIntegerSetting(
  given: string | undefined,
  setting: OptionOrVariable & IntegerVariable,
  env: Record<string, string | undefined>,
): number {
  return given === undefined
    ? readIntegerVariable(env, setting.variable, setting)
    : parseIntegerOption(setting.option, given, setting, setting.example);
}

/** The option's value when given, else the variable's (blank counts as not given), and which it was. */
export function readTextSetting(
  given: string | undefined,
  setting: OptionOrVariable,
  env: Record<string, string | undefined>,
): { value: string; from: string } | undefined {
  if (given?.trim()) return { value: given, from: `--${setting.option}` };
  const value = env[setting.variable]?.trim();
  return value ? { value, from: setting.variable } : undefined;
}
