import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { ValidationError } from '@tier1/core';
import type { ClaudeSettings } from '@tier1/hooks';
import type { CommandContext } from './command';

/** Where Claude Code reads settings: the project's `.claude/` or the user's `~/.claude/`. */
export type Scope = 'project' | 'user';

function homeOf(context: CommandContext): string {
  return context.env.HOME || context.env.USERPROFILE || homedir();
}

export function claudeDirectory(context: CommandContext, scope: Scope): string {
  return scope === 'user' ? join(homeOf(context), '.claude') : join(context.projectDir, '.claude');
}

export interface SettingsFile {
  path: string;
  settings: ClaudeSettings;
  indent: string;
  existed: boolean;
}

export function readSettings(path: string): SettingsFile {
  if (!existsSync(path)) return { path, settings: {}, indent: '  ', existed: false };
  const text = readFileSync(path, 'utf8');
  let settings: unknown;
  try {
    settings = text.trim() === '' ? {} : JSON.parse(text);
  } catch (error) {
    throw new ValidationError(
      path,
      `is not valid JSON (${(error as Error).message})`,
      'fix the file, then run the command again',
    );
  }
  if (settings === null || typeof settings !== 'object' || Array.isArray(settings)) {
    throw new ValidationError(
      path,
      'is not a JSON object',
      'Claude Code settings are one JSON object, such as {"hooks": {}}',
    );
  }
  const hooks = (settings as ClaudeSettings).hooks;
  if (hooks !== undefined && (hooks === null || typeof hooks !== 'object' || Array.isArray(hooks))) {
    throw new ValidationError(
      `${path}: hooks`,
      'is not an object',
      'see https://code.claude.com/docs/en/hooks for its shape',
    );
  }
  // Keep the file's own indentation, so that uninstall leaves it as it was.
  const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
  return { path, settings: settings as ClaudeSettings, indent, existed: true };
}

export function writeSettings(file: SettingsFile, settings: ClaudeSettings): void {
  mkdirSync(dirname(file.path), { recursive: true });
  writeFileSync(file.path, `${JSON.stringify(settings, null, file.indent)}\n`);
}
