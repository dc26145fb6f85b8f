import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fakeSecrets } from '@tier1/secrets/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { SessionMirrorStore } from './session-mirror';

describe('SessionMirrorStore', () => {
  const homes: string[] = [];
  afterEach(() => {
    for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
  });

  it('writes a mirror with storable text and no secret in the clear, and reads it back', async () => {
    const home = mkdtempSync(join(tmpdir(), 'tier1-mirror-'));
    homes.push(home);
    const token = fakeSecrets.githubToken('p', 'mirror');
    const store = new SessionMirrorStore(home, () => {});
    await store.update('session-1', (mirror) => {
      mirror.items.push({
        id: 'todo-1',
        content: `rotate ${token} and fix the\u0000parser\ud800`,
        status: 'pending',
        source: 'todo',
      } as never);
      return { changed: true, result: undefined };
    });
    const text = readFileSync(store.pathFor('session-1'), 'utf8');
    expect(text).not.toContain(token);
    expect(text).not.toMatch(/\\u0000|\\ud800/);
    const [item] = store.load('session-1').items;
    expect(item?.content).toBe('rotate [REDACTED:github-token] and fix the\u2400parser\ufffd');
  });
});
