import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { writeFileAtomicSync } from './atomic-write';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tier1-atomic-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('writes the file whole, creating its folder, and leaves no temporary file', () => {
  const path = join(dir, 'nested', 'state.json');
  writeFileAtomicSync(path, '{"a":1}\n');
  writeFileAtomicSync(path, '{"a":2}\n');
  expect(readFileSync(path, 'utf8')).toBe('{"a":2}\n');
  expect(readdirSync(join(dir, 'nested'))).toEqual(['state.json']);
});
