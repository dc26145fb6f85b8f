import { ConfigError } from '@tier1/core';
import { describe, expect, it } from 'vitest';
import { UsageError } from './command';
import { parseIntegerOption, readIntegerSetting, readTextSetting } from './option-or-variable';

const port = {
  option: 'port',
  variable: 'TIER1_X_PORT',
  min: 0,
  max: 65535,
  fallback: 4319,
  example: '4319',
};

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('parseIntegerOption', () => {
  it('accepts a whole number within bounds and names the flag for anything else', () => {
    expect(parseIntegerOption('port', '0', { min: 0, max: 9 }, '5')).toBe(0);
    const error = thrown(() => parseIntegerOption('port', '1e3', { min: 0, max: 9 }, '5')) as UsageError;
    expect(UsageError.isInstance(error)).toBe(true);
    expect(error.message).toBe('--port "1e3" is not a whole number from 0 to 9');
    expect(error.hint).toBe('use e.g. --port 5');
  });
});

describe('readIntegerSetting', () => {
  it('takes the option, else the variable, else the fallback', () => {
    expect(readIntegerSetting('8080', port, { TIER1_X_PORT: '9090' })).toBe(8080);
    expect(readIntegerSetting(undefined, port, { TIER1_X_PORT: '9090' })).toBe(9090);
    expect(readIntegerSetting(undefined, port, { TIER1_X_PORT: ' ' })).toBe(4319);
    expect(readIntegerSetting(undefined, port, {})).toBe(4319);
  });

  it('names the variable, with a good value, when the bad value came from it', () => {
    const error = thrown(() => readIntegerSetting(undefined, port, { TIER1_X_PORT: '70000' })) as ConfigError;
    expect(ConfigError.isInstance(error)).toBe(true);
    expect(error.message).toBe('TIER1_X_PORT: "70000" is not a whole number from 0 to 65535');
    expect(error.hint).toBe('set it like TIER1_X_PORT=4319');
  });

  it('names the option when the bad value came from it, even with a good variable', () => {
    const error = thrown(() => readIntegerSetting('lots', port, { TIER1_X_PORT: '9090' })) as UsageError;
    expect(error.message).toBe('--port "lots" is not a whole number from 0 to 65535');
  });
});

describe('readTextSetting', () => {
  const token = { option: 'token', variable: 'TIER1_X_TOKEN' };
  it('takes the option, else the variable (trimmed; blank is not given), and says which', () => {
    expect(readTextSetting('a', token, { TIER1_X_TOKEN: 'b' })).toEqual({ value: 'a', from: '--token' });
    expect(readTextSetting(undefined, token, { TIER1_X_TOKEN: ' b ' })).toEqual({
      value: 'b',
      from: 'TIER1_X_TOKEN',
    });
    expect(readTextSetting(undefined, token, { TIER1_X_TOKEN: '  ' })).toBeUndefined();
    expect(readTextSetting('', token, { TIER1_X_TOKEN: 'b' })).toEqual({ value: 'b', from: 'TIER1_X_TOKEN' });
  });
});
