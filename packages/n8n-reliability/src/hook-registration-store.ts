import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/*
 * PreToolUse and PostToolUse run in separate processes (each hook call spawns the hook command;
 * https://code.claude.com/docs/en/hooks), so the registration made on PreToolUse is kept in
 * `<home>/n8n-monitors/<tool_use_id>.json` and taken (then deleted) on PostToolUse /
 * PostToolUseFailure.
 */

export interface PersistedRegistration {
  monitorId: string;
  toolName: string;
  workflowRef: string;
  inputParams: Record<string, unknown>;
  startedAt: number;
  sessionId: string;
}

const STALE_REGISTRATION_MS = 24 * 60 * 60_000;

function fileSafe(toolUseId: string): string {
  return toolUseId.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 200);
}

/** The on-disk registrations of n8n tool calls under way. */
export class RegistrationStore {
  readonly #directory: string;

  constructor(home: string) {
    this.#directory = join(home, 'n8n-monitors');
  }

  #path(toolUseId: string): string {
    return join(this.#directory, `${fileSafe(toolUseId)}.json`);
  }

  /** Keeps a registration (atomically), dropping stale ones first. */
  put(registration: PersistedRegistration): void {
    mkdirSync(this.#directory, { recursive: true });
    this.#pruneStale();
    const path = this.#path(registration.monitorId);
    writeFileSync(`${path}.tmp`, JSON.stringify(registration));
    renameSync(`${path}.tmp`, path);
  }

  /** Takes (reads and deletes) the registration of a tool call, if PreToolUse left one. */
  take(toolUseId: string): PersistedRegistration | undefined {
    const path = this.#path(toolUseId);
    try {
      const registration = JSON.parse(readFileSync(path, 'utf8')) as PersistedRegistration;
      rmSync(path, { force: true });
      return registration;
    } catch {
      return undefined;
    }
  }

  /** Registrations whose PostToolUse never came (a killed session) are dropped after a day. */
  #pruneStale(): void {
    const cutoff = Date.now() - STALE_REGISTRATION_MS;
    for (const name of readdirSync(this.#directory)) {
      const path = join(this.#directory, name);
      try {
        if (statSync(path).mtimeMs < cutoff) rmSync(path, { force: true });
      } catch {
        // Taken by a concurrent PostToolUse process in the meantime: nothing to prune.
      }
    }
  }
}
