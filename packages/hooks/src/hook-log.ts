import { appendFileSync } from 'node:fs';
import type { Tier1Config } from '@tier1/core';

/** Where the hook writes: a Node stream, or a synchronous writer of a file descriptor. */
export interface TextSink {
  write(text: string): unknown;
}

export type HookLogLevel = 'info' | 'warn' | 'error';

/**
 * The hook's log: warnings and errors as one `tier1-hook:` line on stderr each (Claude Code
 * shows stderr to the user), and every line to LOG_FILE at LOG_LEVEL once the configuration
 * is read. A LOG_FILE that cannot be written is said on stderr, never thrown.
 */
export class HookLog {
  readonly #stderr: TextSink;
  #config: Pick<Tier1Config, 'logFile' | 'logLevel'> | undefined;

  constructor(stderr: TextSink) {
    this.#stderr = stderr;
  }

  /** From now on, lines go to the configured LOG_FILE too. */
  useConfig(config: Pick<Tier1Config, 'logFile' | 'logLevel'>): void {
    this.#config = config;
  }

  write(level: HookLogLevel, message: string): void {
    if (level !== 'info') this.#stderr.write(`tier1-hook: ${message}\n`);
    const config = this.#config;
    if (!config?.logFile || config.logLevel === 'silent') return;
    if (level === 'info' && (config.logLevel === 'warn' || config.logLevel === 'error')) return;
    try {
      appendFileSync(config.logFile, `${new Date().toISOString()} tier1-hook ${level} ${message}\n`);
    } catch (error) {
      this.#stderr.write(
        `tier1-hook: LOG_FILE ${config.logFile} cannot be written (${(error as Error).message})\n`,
      );
    }
  }
}
