import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileDescriptor } from './file-descriptor-writer';

let directory: string;
afterEach(() => rmSync(directory, { recursive: true, force: true }));

describe('writeFileDescriptor', () => {
  it('writes each text to the descriptor before returning', () => {
    directory = mkdtempSync(join(tmpdir(), 'tier1-fd-'));
    const path = join(directory, 'out.txt');
    const fd = openSync(path, 'w');
    const sink = writeFileDescriptor(fd);
    sink.write('{"a":1}\n');
    expect(readFileSync(path, 'utf8')).toBe('{"a":1}\n');
    sink.write('second\n');
    closeSync(fd);
    expect(readFileSync(path, 'utf8')).toBe('{"a":1}\nsecond\n');
  });

  it('reports a descriptor that cannot be written instead of throwing', () => {
    directory = mkdtempSync(join(tmpdir(), 'tier1-fd-'));
    const fd = openSync(join(directory, 'closed.txt'), 'w');
    closeSync(fd);
    const errors: string[] = [];
    expect(() =>
      writeFileDescriptor(fd, (error) => errors.push((error as NodeJS.ErrnoException).code ?? '')).write('x'),
    ).not.toThrow();
    expect(errors).toEqual(['EBADF']);
  });
});
