import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CommandTier, parseCommandTemplate } from './command-tier';

const task = {
  taskName: 'index_kb',
  params: { note: "it's $(rm -rf /) `x`" },
  idempotencyKey: 'index_kb.exec-9',
};
const node = process.execPath;
const directory = mkdtempSync(join(tmpdir(), 'tier1-command-tier-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('CommandTier', () => {
  it('runs the template without a shell and hands over params and key through the environment', async () => {
    const script =
      'process.stdout.write(JSON.stringify({argv: process.argv.slice(1), task: process.env.TIER1_TASK_NAME, key: process.env.TIER1_IDEMPOTENCY_KEY, params: JSON.parse(process.env.TIER1_TASK_PARAMS)}))';
    const tier = new CommandTier({ template: [node, '-e', script, '{task}', 'key={idempotencyKey}'] });
    const result = await tier.execute(task, 10_000);
    expect(result).toEqual({
      outcome: 'succeeded',
      errorMessage: null,
      output: {
        argv: ['index_kb', 'key=index_kb.exec-9'],
        task: 'index_kb',
        key: 'index_kb.exec-9',
        params: task.params,
      },
    });
  });

  it('reports a non-zero exit as failed with the last line of stderr', async () => {
    const tier = new CommandTier({
      template: [node, '-e', 'console.error("unit not found"); process.exit(5)'],
    });
    const result = await tier.execute(task, 10_000);
    expect(result.outcome).toBe('failed');
    expect(result.errorMessage).toMatch(/exited with 5: unit not found/);
  });

  it('stops a command that overruns its timeout and calls the outcome indeterminate', async () => {
    const tier = new CommandTier({ template: [node, '-e', 'setTimeout(() => {}, 60_000)'] });
    const result = await tier.execute(task, 200);
    expect(result).toMatchObject({
      outcome: 'indeterminate',
      errorMessage: expect.stringMatching(/within 200 ms and was stopped/),
    });
  });

  it('reports a missing program as failed', async () => {
    const result = await new CommandTier({ template: 'tier1-no-such-program-x {task}' }).execute(task, 5_000);
    expect(result).toMatchObject({ outcome: 'failed', errorMessage: expect.stringMatching(/was not found/) });
  });

  it('refuses a task name that is not plain characters', async () => {
    const result = await new CommandTier({ template: [node, '-e', ''] }).execute(
      { ...task, taskName: 'a b;c' },
      5_000,
    );
    expect(result.outcome).toBe('failed');
  });

  it('runs the default template: systemctl start tier1-task@{task} (systemctl replaced by a test double)', async () => {
    const double = join(directory, 'systemctl');
    writeFileSync(
      double,
      `#!${node}\nprocess.stdout.write(JSON.stringify({args: process.argv.slice(2), key: process.env.TIER1_IDEMPOTENCY_KEY}))\n`,
    );
    chmodSync(double, 0o755);
    const tier = new CommandTier({ env: { PATH: `${directory}:${process.env.PATH}` } });
    expect(tier.template).toEqual(['systemctl', 'start', 'tier1-task@{task}']);
    const result = await tier.execute(task, 10_000);
    expect(result.output).toEqual({ args: ['start', 'tier1-task@index_kb'], key: 'index_kb.exec-9' });
  });

  it('splits a string template on whitespace and rejects an empty one', () => {
    expect(parseCommandTemplate('  run-task  {task} ')).toEqual(['run-task', '{task}']);
    expect(() => parseCommandTemplate('  ')).toThrow(/empty/);
  });
});
