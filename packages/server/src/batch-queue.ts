import type { PGlite } from '@electric-sql/pglite';

interface QueuedMessage {
  connection: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: Error) => void;
}

// Frontend message types that end what a client sends for one request: Sync ends an
// extended-query batch (Parse, Bind, Describe, Execute…), Query is a whole simple query,
// Terminate ends the connection (https://www.postgresql.org/docs/17/protocol-flow.html).
const SYNC = 0x53;
const QUERY = 0x51;
const TERMINATE = 0x58;
const PROTOCOL_3 = 196608;

/** A startup message has no type byte: its length, then protocol version 3.0. */
function isStartup(message: Uint8Array): boolean {
  return message.length >= 8 && new DataView(message.buffer, message.byteOffset).getInt32(4) === PROTOCOL_3;
}

function endsRequest(message: Uint8Array): boolean {
  const type = message[0];
  return isStartup(message) || type === SYNC || type === QUERY || type === TERMINATE;
}

/**
 * Schedules the messages of many wire-protocol connections onto PGlite's one session, a
 * whole request at a time. `@electric-sql/pglite-socket`'s own queue (0.2.17) takes turns per
 * message and only keeps transactions together, so two clients' extended queries interleave
 * inside the one session: client A's Parse, then B's Parse replacing A's unnamed statement,
 * then A's Bind fails ("bind message supplies 1 parameters, but prepared statement "" requires
 * 0"); postgres.js sends every parameterised query that way. Here a connection keeps the
 * session from its first message until its request ends (Sync, Query, Terminate, startup) and,
 * as there, for as long as it has a transaction open.
 *
 * It has the shape of pglite-socket's queue, so that package's connection handler (message
 * framing, SSL and cancel requests, socket life) is used as it is.
 */
export class BatchQueue {
  readonly #db: PGlite;
  readonly #waiting: QueuedMessage[] = [];
  /** The connection in the middle of a request or a transaction: only its messages run. */
  #owner: number | null = null;
  #running = false;

  constructor(db: PGlite) {
    this.#db = db;
  }

  enqueue(connection: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ connection, message, onData, resolve, reject });
      void this.#run();
    });
  }

  getQueueLength(): number {
    return this.#waiting.length;
  }

  /** A connection went away: its messages still waiting are dropped. */
  clearQueueForHandler(connection: number): void {
    for (let index = this.#waiting.length - 1; index >= 0; index--) {
      const queued = this.#waiting[index] as QueuedMessage;
      if (queued.connection !== connection) continue;
      this.#waiting.splice(index, 1);
      queued.reject(new Error('the connection closed'));
    }
  }

  /** A connection went away in the middle of a request or transaction: undo it and free the session. */
  async clearTransactionIfNeeded(connection: number): Promise<void> {
    if (this.#owner !== connection) return;
    if (this.#db.isInTransaction()) await this.#db.exec('ROLLBACK');
    this.#owner = null;
    void this.#run();
  }

  async #run(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    try {
      for (;;) {
        const index =
          this.#owner === null ? 0 : this.#waiting.findIndex((queued) => queued.connection === this.#owner);
        if (index === -1 || this.#waiting.length === 0) return;
        const [queued] = this.#waiting.splice(index, 1) as [QueuedMessage];
        this.#owner = queued.connection;
        let bytes = 0;
        try {
          await this.#db.runExclusive(() =>
            this.#db.execProtocolRawStream(queued.message, {
              onRawData: (data) => {
                bytes += data.length;
                queued.onData(data);
              },
            }),
          );
          queued.resolve(bytes);
        } catch (error) {
          queued.reject(error as Error);
        }
        if (endsRequest(queued.message) && !this.#db.isInTransaction()) this.#owner = null;
      }
    } finally {
      this.#running = false;
    }
  }
}
