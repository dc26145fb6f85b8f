import { describe, expect, it } from 'vitest';
import {
  addTier1Hooks,
  type ClaudeSettings,
  isTier1HookCommand,
  listTier1Hooks,
  removeTier1Hooks,
  TIER1_HOOK_ENTRIES,
} from './claude-settings';

const command = 'node "/opt/tier1/apps/hook-runner/bin/tier1-hook.cjs"';

// A user's settings with hooks of their own, in the documented shape (https://code.claude.com/docs/en/hooks).
const foreign: ClaudeSettings = {
  model: 'opus',
  permissions: { allow: ['Bash(npm test:*)'] },
  hooks: {
    PostToolUse: [
      { matcher: 'Write|Edit', hooks: [{ type: 'command', command: 'npx prettier --write "$CLAUDE_FILE"' }] },
    ],
    Notification: [{ hooks: [{ type: 'command', command: 'notify-send Claude' }] }],
  },
};

describe('isTier1HookCommand', () => {
  it.each([
    ['tier1-hook', true],
    ['node /opt/x/bin/tier1-hook.cjs', true],
    ['node "C:\\tier1\\bin\\tier1-hook.cjs"', true],
    // What versions before 0.2 installed: recognised, so install points it at the .cjs bin.
    ['node /opt/x/bin/tier1-hook.mjs', true],
    ['my-tier1-hooker', false],
    ['echo tier1-hooks', false],
  ])('%s → %s', (text, expected) => {
    expect(isTier1HookCommand({ type: 'command', command: text })).toBe(expected);
  });
});

describe('addTier1Hooks / removeTier1Hooks', () => {
  it('adds every Tier 1 entry and keeps the foreign settings and hooks', () => {
    const { settings, changed } = addTier1Hooks(foreign, command);
    expect(changed).toHaveLength(TIER1_HOOK_ENTRIES.length);
    expect(settings.model).toBe('opus');
    expect(settings.hooks?.PostToolUse?.[0]).toEqual(foreign.hooks?.PostToolUse?.[0]);
    expect(settings.hooks?.Notification).toEqual(foreign.hooks?.Notification);
    expect(settings.hooks?.PostToolUse?.[1]).toEqual({
      matcher: 'Bash|Write|Edit|MultiEdit|TodoWrite|TaskCreate|TaskUpdate',
      hooks: [{ type: 'command', command, timeout: 10 }],
    });
    expect(settings.hooks?.SessionStart?.[0]).toEqual({ hooks: [{ type: 'command', command, timeout: 10 }] });
    expect(listTier1Hooks(settings)).toContain('PreToolUse mcp__n8n__.*');
    // An n8n call may run the fallback chain, so Claude Code waits longer for it.
    expect(settings.hooks?.PostToolUse?.[2]).toEqual({
      matcher: 'mcp__n8n__.*',
      hooks: [{ type: 'command', command, timeout: 120 }],
    });
    expect(foreign.hooks?.PostToolUse).toHaveLength(1);
  });

  it('installs nothing twice', () => {
    const once = addTier1Hooks(foreign, command).settings;
    const twice = addTier1Hooks(once, command);
    expect(twice.changed).toEqual([]);
    expect(twice.settings).toEqual(once);
  });

  it('points an installed entry at a moved checkout instead of adding another', () => {
    const once = addTier1Hooks({}, command).settings;
    const moved = addTier1Hooks(once, 'node /new/place/bin/tier1-hook.cjs');
    expect(moved.changed.every((line) => line.endsWith('(command updated)'))).toBe(true);
    expect(listTier1Hooks(moved.settings)).toHaveLength(TIER1_HOOK_ENTRIES.length);
  });

  it('points an entry of the ES module bin that 0.1 installed at the CommonJS one', () => {
    const old = addTier1Hooks({}, 'node "/opt/tier1/apps/hook-runner/bin/tier1-hook.mjs"').settings;
    const upgraded = addTier1Hooks(old, command);
    expect(upgraded.changed).toHaveLength(TIER1_HOOK_ENTRIES.length);
    const text = JSON.stringify(upgraded.settings);
    expect(text).not.toContain('tier1-hook.mjs');
    expect(text.split('tier1-hook.cjs')).toHaveLength(TIER1_HOOK_ENTRIES.length + 1);
  });

  it('uninstall gives back exactly the settings there were before', () => {
    const installed = addTier1Hooks(foreign, command).settings;
    const { settings, changed } = removeTier1Hooks(installed);
    expect(settings).toEqual(foreign);
    expect(changed).toHaveLength(TIER1_HOOK_ENTRIES.length);
  });

  it('uninstall removes the hooks key Tier 1 created, and keeps a foreign hook that shares a group', () => {
    expect(removeTier1Hooks(addTier1Hooks({ theme: 'dark' }, command).settings).settings).toEqual({
      theme: 'dark',
    });
    const shared: ClaudeSettings = {
      hooks: {
        Stop: [
          {
            hooks: [
              { type: 'command', command: 'tier1-hook' },
              { type: 'command', command: 'say done' },
            ],
          },
        ],
      },
    };
    expect(removeTier1Hooks(shared).settings).toEqual({
      hooks: { Stop: [{ hooks: [{ type: 'command', command: 'say done' }] }] },
    });
  });

  it('uninstall of settings without Tier 1 changes nothing, empty lists included', () => {
    const untouched: ClaudeSettings = { hooks: { PreToolUse: [] } };
    expect(removeTier1Hooks(untouched)).toEqual({ settings: untouched, changed: [] });
  });
});
