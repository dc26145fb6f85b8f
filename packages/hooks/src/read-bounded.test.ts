import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readBounded } from './read-bounded';

describe('readBounded', () => {
  it('reads a stream to its end', async () => {
    const result = await readBounded(Readable.from([Buffer.from('{"a":'), Buffer.from('1}')]));
    expect(result).toEqual({ kind: 'ok', text: '{"a":1}' });
  });

  it('reads an empty, closed stream as empty text', async () => {
    expect(await readBounded(Readable.from([]))).toEqual({ kind: 'ok', text: '' });
  });

  it('stops at the byte limit without reading the rest', async () => {
    const stream = new PassThrough();
    const pending = readBounded(stream, { maxBytes: 10 });
    stream.write(Buffer.alloc(8));
    stream.write(Buffer.alloc(8));
    const result = await pending;
    expect(result).toEqual({ kind: 'too_large', bytesRead: 16 });
    expect(stream.destroyed).toBe(true);
  });

  it('gives up on a stream that never closes', async () => {
    const stream = new PassThrough();
    stream.write('{"partial":');
    const result = await readBounded(stream, { timeoutMs: 50 });
    expect(result).toEqual({ kind: 'timeout', bytesRead: 11 });
  });

  it('reports a stream error', async () => {
    const stream = new PassThrough();
    const pending = readBounded(stream);
    stream.destroy(new Error('EIO: broken'));
    expect(await pending).toEqual({ kind: 'error', message: 'EIO: broken' });
  });
});
