import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  createTempProject,
  findToolResult,
  lastUserText,
  runClaudeCode,
  type TempProject,
  text,
  toolUse,
} from '../src/index.js';

// The real, pinned Claude Code CLI, offline against the scripted model.
let project: TempProject;
beforeEach(async () => {
  project = await createTempProject({ git: true });
});
afterEach(async () => {
  await project.remove();
});

const hook = (answer: unknown) => ({ type: 'command', command: `echo '${JSON.stringify(answer)}'` });

describe('runClaudeCode (real Claude Code)', () => {
  test('runs a scripted tool call and carries a hook additionalContext into the next request', async () => {
    const run = await runClaudeCode({
      projectDir: project.dir,
      prompt: 'List the files',
      turns: [
        toolUse('Bash', { command: 'echo hello-from-bash', description: 'Say hello' }, 'toolu_echo'),
        text('Done.'),
      ],
      settings: {
        hooks: {
          PostToolUse: [
            {
              matcher: 'Bash',
              hooks: [
                hook({ hookSpecificOutput: { hookEventName: 'PostToolUse', additionalContext: 'ctx-7f3a' } }),
              ],
            },
          ],
        },
      },
    });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.unscripted).toBe(0);
    expect(run.requests).toHaveLength(2);
    expect(findToolResult(run.requests[1], 'toolu_echo')).toMatchObject({
      content: 'hello-from-bash',
      is_error: false,
    });
    expect(lastUserText(run.requests[1])).toContain('PostToolUse:Bash hook additional context: ctx-7f3a');
    expect(run.messages[0]).toMatchObject({ type: 'system', subtype: 'init', cwd: project.dir });
    expect(run.messages.at(-1)).toMatchObject({ type: 'result', subtype: 'success', result: 'Done.' });
  });

  test('a PreToolUse deny comes back as the tool result with is_error, and a Stop block as feedback', async () => {
    const run = await runClaudeCode({
      projectDir: project.dir,
      prompt: 'Delete everything',
      turns: [
        toolUse('Bash', { command: 'rm -rf /tmp/never' }, 'toolu_rm'),
        text('Stopping.'),
        text('Really done.'),
      ],
      enableTasks: false,
      settings: {
        hooks: {
          PreToolUse: [
            {
              matcher: 'Bash',
              hooks: [
                hook({
                  hookSpecificOutput: {
                    hookEventName: 'PreToolUse',
                    permissionDecision: 'deny',
                    permissionDecisionReason: 'not here',
                  },
                }),
              ],
            },
          ],
          // Blocks the first stop only: Claude Code sets stop_hook_active on the retry.
          Stop: [
            {
              hooks: [
                {
                  type: 'command',
                  command: `grep -q '"stop_hook_active":true' || echo '{"decision":"block","reason":"run the tests first"}'`,
                },
              ],
            },
          ],
        },
      },
    });
    expect(run.exitCode, run.stderr).toBe(0);
    const denied = findToolResult(run.requests[1], 'toolu_rm');
    expect(denied).toMatchObject({ is_error: true });
    expect(JSON.stringify(denied)).toContain('not here');
    expect(run.requests).toHaveLength(3);
    expect(lastUserText(run.requests[2])).toContain('Stop hook feedback:\nrun the tests first');
    expect(run.requests[0]?.tools?.map((tool) => tool.name)).toContain('TodoWrite');
  });
});
