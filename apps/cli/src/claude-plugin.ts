import { addTier1Hooks } from '@tier1/hooks';
import { productionCheckCommand } from './production-check-command';

/**
 * How the plugin runs Tier 1: `scripts/run-tier1 <bin>` runs the project's own install, else
 * one on PATH (plugins/tier1/scripts/run-tier1). `${CLAUDE_PLUGIN_ROOT}` is the plugin's
 * installed folder (https://code.claude.com/docs/en/plugins-reference, "Environment variables").
 */
const RUN = '"${CLAUDE_PLUGIN_ROOT}"/scripts/run-tier1';

/**
 * The plugin's generated files, by path under plugins/tier1: the same hook entries and
 * /production-check that `tier1 hooks install` writes, so the two ways in never drift apart.
 * claude-plugin.test.ts checks the committed files against these.
 */
export function tier1PluginFiles(): Record<string, string> {
  const { settings } = addTier1Hooks({}, `${RUN} tier1-hook`);
  const hooks = {
    description: "Tier 1's hooks: track action items from tool results, record the session, watch n8n runs",
    hooks: settings.hooks,
  };
  return {
    'hooks/hooks.json': `${JSON.stringify(hooks, null, 2)}\n`,
    'commands/production-check.md': productionCheckCommand(`${RUN} tier1`),
  };
}
