import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HookLog } from './hook-log';

const made: string[] = [];
afterEach(() => {
  for (const directory of made.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function capture(): { write: (text: string) => void; text: () => string } {
  let text = '';
  return { write: (chunk) => (text += chunk), text: () => text };
}

describe('HookLog', () => {
  it('says warnings and errors on stderr, and nothing of info', () => {
    const stderr = capture();
    const log = new HookLog(stderr);
    log.write('info', 'handled');
    log.write('warn', 'input rejected: not JSON');
    expect(stderr.text()).toBe('tier1-hook: input rejected: not JSON\n');
  });

  it('writes LOG_FILE at LOG_LEVEL once configured, and says so when it cannot', () => {
    const directory = mkdtempSync(join(tmpdir(), 'tier1-hook-log-'));
    made.push(directory);
    const stderr = capture();
    const log = new HookLog(stderr);
    const logFile = join(directory, 'hook.log');
    log.useConfig({ logFile, logLevel: 'warn' });
    log.write('info', 'skipped at warn');
    log.write('error', 'disk full');
    expect(readFileSync(logFile, 'utf8')).toMatch(/^\S+ tier1-hook error disk full\n$/);
    log.useConfig({ logFile: join(directory, 'missing', 'hook.log'), logLevel: 'info' });
    log.write('info', 'x');
    expect(stderr.text()).toContain('LOG_FILE');
  });
});
