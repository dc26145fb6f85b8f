import { describe, expect, it, vi } from 'vitest';
import { ConfigError, formatUserError, Tier1Error, ValidationError } from './errors';

/** A second, separately evaluated copy of this module: what a second bundle holds. */
async function otherCopy(): Promise<typeof import('./errors')> {
  vi.resetModules();
  return import('./errors');
}

describe('Tier1Error.isInstance', () => {
  it('recognises errors from another copy of the classes, which instanceof does not', async () => {
    const other = await otherCopy();
    expect(other.Tier1Error).not.toBe(Tier1Error);
    const error = new other.ConfigError('REDIS_URL', 'is not a URL', 'REDIS_URL=redis://127.0.0.1:6379');
    expect(error instanceof Tier1Error).toBe(false);
    expect(Tier1Error.isInstance(error)).toBe(true);
    expect(ConfigError.isInstance(error)).toBe(true);
  });

  it('tells the subclasses apart by their code', () => {
    const config = new ConfigError('LOG_LEVEL', 'must be info', 'LOG_LEVEL=info');
    const validation = new ValidationError('status', 'is not a status');
    expect(ValidationError.isInstance(config)).toBe(false);
    expect(ConfigError.isInstance(validation)).toBe(false);
    expect(Tier1Error.isInstance(validation)).toBe(true);
  });

  it('is false for plain errors, look-alikes and non-objects', () => {
    const lookAlike = Object.assign(new Error('x'), { code: 'INVALID_CONFIG', hint: 'h' });
    for (const value of [lookAlike, new Error('x'), null, undefined, 'INVALID_CONFIG', 42, {}]) {
      expect(Tier1Error.isInstance(value)).toBe(false);
      expect(ConfigError.isInstance(value)).toBe(false);
    }
  });
});

describe('Tier1Error', () => {
  it('keeps its code, hint, cause and class name', () => {
    const cause = new Error('ECONNREFUSED');
    const error = new Tier1Error('STORE_UNAVAILABLE', 'the store is down', { hint: 'start it', cause });
    expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE', hint: 'start it', cause, name: 'Tier1Error' });
    expect(new ConfigError('A', 'b', 'A=1').name).toBe('ConfigError');
  });

  it('formats the message and the fix for a person', () => {
    expect(formatUserError(new ConfigError('LOG_LEVEL', '"loud" is wrong', 'LOG_LEVEL=info'))).toBe(
      'LOG_LEVEL: "loud" is wrong\n  fix: set it like LOG_LEVEL=info',
    );
    expect(formatUserError(new Tier1Error('X', 'no hint'))).toBe('no hint');
  });

  it('says whether the user can fix it: configuration and input errors are, a failure by default is not', () => {
    expect(new ConfigError('LOG_LEVEL', 'is wrong', 'LOG_LEVEL=info').userMistake).toBe(true);
    expect(new ValidationError('eventType', 'is missing').userMistake).toBe(true);
    expect(new Tier1Error('STORE_FAILED', 'the store failed').userMistake).toBe(false);
    expect(new Tier1Error('BACKUP_DAMAGED', 'damaged', { userMistake: true }).userMistake).toBe(true);
  });
});
