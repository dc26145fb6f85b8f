import type { Command } from './command';

export type CommandTable = Record<string, { summary: string; load: () => Promise<{ default: Command }> }>;

/**
 * Every `tier1` command, loaded only when it runs, so `tier1 hooks test` never pays for
 * BullMQ and `tier1 events list` never pays for the checker.
 */
export const COMMANDS: CommandTable = {
  doctor: {
    summary: 'check that configuration, store, Redis, n8n and the hooks are in order',
    load: () => import('./commands/doctor'),
  },
  check: {
    summary: 'GO / WARNING / NO-GO production readiness of a project',
    load: () => import('./commands/check'),
  },
  db: { summary: 'migrate the event store and show its status', load: () => import('./commands/db') },
  events: {
    summary: 'list, inspect, export, import, archive and drain automation events',
    load: () => import('./commands/events'),
  },
  hooks: {
    summary: "install, remove, test and inspect Tier 1's Claude Code hooks",
    load: () => import('./commands/hooks'),
  },
  n8n: {
    summary: 'detect and recover failed n8n workflow runs (status, watch, run, test-detect)',
    load: () => import('./commands/n8n'),
  },
  worker: {
    summary: "run the queue tier's fallback tasks (BullMQ worker, health, metrics)",
    load: () => import('./commands/worker'),
  },
};
