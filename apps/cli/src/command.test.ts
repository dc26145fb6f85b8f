import { describe, expect, it } from 'vitest';
import { createContext, routeSubcommands, UsageError } from './command';

describe('routeSubcommands', () => {
  const context = createContext({ env: {} });
  const run = routeSubcommands('db', {
    migrate: (argv) => argv.length,
    status: async () => 7,
  });

  it('runs the named subcommand with the rest of the arguments', async () => {
    expect(await run(['migrate', '--json', 'x'], context)).toBe(2);
    expect(await run(['status'], context)).toBe(7);
  });

  it('refuses a missing, unknown or inherited name with the subcommands there are', async () => {
    for (const argv of [[], ['drop'], ['constructor'], ['__proto__'], ['toString']]) {
      const error = await run(argv, context).catch((caught: unknown) => caught);
      expect(UsageError.isInstance(error), argv.join(' ')).toBe(true);
      expect((error as UsageError).hint).toBe('use tier1 db migrate or status');
    }
    await expect(run(['drop'], context)).rejects.toThrow('unknown subcommand "drop"');
    await expect(run([], context)).rejects.toThrow('a subcommand is missing');
  });
});
