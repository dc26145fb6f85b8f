import { createServer, type Server } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketHandler, type PGLiteSocketHandlerOptions } from '@electric-sql/pglite-socket';
import { BatchQueue } from './batch-queue';

export interface SharedPglite {
  /** postgres://tier1@127.0.0.1:<port>/tier1 */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves one PGlite instance over PostgreSQL's wire protocol on 127.0.0.1, so other processes
 * reach it with postgres.js as they reach PostgreSQL. Each connection is pglite-socket's own
 * handler; they share one BatchQueue, which keeps each request together (see batch-queue.ts).
 * No password: the socket is on loopback, like the store's files it stands for.
 */
export async function sharePglite(db: PGlite): Promise<SharedPglite> {
  const queue = new BatchQueue(db) as unknown as PGLiteSocketHandlerOptions['queryQueue'];
  const handlers = new Set<PGLiteSocketHandler>();
  const server: Server = createServer((socket) => {
    const handler = new PGLiteSocketHandler({ queryQueue: queue, closeOnDetach: true });
    handlers.add(handler);
    const forget = () => handlers.delete(handler);
    handler.addEventListener('close', forget);
    handler.addEventListener('error', forget);
    handler.attach(socket).catch(() => {
      forget();
      socket.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as { port: number };
  return {
    url: `postgres://tier1@127.0.0.1:${port}/tier1`,
    close: async () => {
      for (const handler of handlers) await handler.detach(true);
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
