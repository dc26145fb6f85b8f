import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tier1PluginFiles } from './claude-plugin';

const pluginRoot = resolve(import.meta.dirname, '../../../plugins/tier1');

describe('the Claude Code plugin (plugins/tier1)', () => {
  // TIER1_UPDATE_PLUGIN=1 rewrites them after a change to the hook entries or the command.
  it.each(Object.entries(tier1PluginFiles()))(
    '%s is what tier1 hooks install would write',
    (path, wanted) => {
      if (process.env.TIER1_UPDATE_PLUGIN === '1') writeFileSync(join(pluginRoot, path), wanted);
      expect(readFileSync(join(pluginRoot, path), 'utf8')).toBe(wanted);
    },
  );
});
