import { EventEmitter } from 'node:events';
import { read } from 'node:fs';

const CHUNK_BYTES = 64 * 1024;
/** How long to wait before reading a non-blocking descriptor again after it had nothing. */
const RETRY_MS = 2;

/*
 * A file descriptor as a ByteSource for readBounded, read with fs.read on libuv's thread pool.
 * The hook reads fd 0 this way instead of through process.stdin: building process.stdin loads
 * node:net and node:stream, about 4 ms of a hook call that should cost no more than half of
 * node's own start (issue 3). Reading stops at the end, at `destroy()`, or at an error.
 *
 * The one thing it cannot do that a stream can is abandon a read: a read of a pipe whose writer
 * neither writes nor closes stays in progress on its thread, and Node cannot exit normally until
 * it ends (process.exit waits for libuv's threads). `readInProgress` tells the caller so.
 * A descriptor in non-blocking mode never leaves a read in progress: it answers EAGAIN at once,
 * and is read again shortly after.
 */
export class FileDescriptorReader extends EventEmitter {
  readonly #fd: number;
  #reading = false;
  #destroyed = false;

  constructor(fd: number) {
    super();
    this.#fd = fd;
    // Reading starts when someone listens for data, as with a stream: a hook that is switched
    // off never reads its input.
    const startOnData = (event: string | symbol) => {
      if (event !== 'data') return;
      this.off('newListener', startOnData);
      this.#readNext();
    };
    this.on('newListener', startOnData);
  }

  /** True while a read has been handed to the thread pool and has not come back. */
  get readInProgress(): boolean {
    return this.#reading;
  }

  destroy(): void {
    this.#destroyed = true;
  }

  #readNext(): void {
    this.#reading = true;
    read(this.#fd, Buffer.allocUnsafe(CHUNK_BYTES), 0, CHUNK_BYTES, null, (error, bytesRead, buffer) => {
      this.#reading = false;
      if (this.#destroyed) return;
      if (error?.code === 'EAGAIN') {
        setTimeout(() => {
          if (!this.#destroyed) this.#readNext();
        }, RETRY_MS);
        return;
      }
      if (error) {
        this.emit('error', error);
        return;
      }
      if (bytesRead === 0) {
        this.emit('end');
        return;
      }
      this.emit('data', buffer.subarray(0, bytesRead));
      if (!this.#destroyed) this.#readNext();
    });
  }
}
