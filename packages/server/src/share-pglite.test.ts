import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SharedPglite, sharePglite } from './share-pglite';

let db: PGlite;
let shared: SharedPglite;
const clients: postgres.Sql[] = [];

function client(): postgres.Sql {
  const sql = postgres(shared.url, { prepare: false, max: 2, onnotice: () => {} });
  clients.push(sql);
  return sql;
}

beforeAll(async () => {
  db = await PGlite.create();
  await db.exec('create table items (id serial primary key, owner int not null, n int not null)');
  shared = await sharePglite(db);
});
afterAll(async () => {
  await Promise.all(clients.map((sql) => sql.end({ timeout: 1 })));
  await shared.close();
  await db.close();
});

describe('sharePglite', () => {
  it("keeps each client's parameterised queries whole while many run at once", async () => {
    const sqls = Array.from({ length: 6 }, client);
    const [first] = sqls as [postgres.Sql];
    const results = await Promise.all(
      sqls.flatMap((sql, owner) =>
        Array.from({ length: 40 }, async (_, n) => {
          const [row] = await sql`insert into items (owner, n) values (${owner}, ${n}) returning owner, n`;
          const [echo] = await sql`select ${`${owner}-${n}`}::text as text, ${n}::int + 1 as next`;
          return { row, echo, owner, n };
        }),
      ),
    );
    for (const { row, echo, owner, n } of results) {
      expect(row).toEqual({ owner, n });
      expect(echo).toEqual({ text: `${owner}-${n}`, next: n + 1 });
    }
    const [{ count }] = (await first`select count(*)::int as count from items`) as unknown as [
      { count: number },
    ];
    expect(count).toBe(240);
  });

  it("runs no other client's statement inside a client's open transaction, and rolls back one whose client left", async () => {
    const [a, b] = [client(), client()];
    const outside = b`insert into items (owner, n) values (100, 0)`;
    await expect(
      a.begin(async (transaction) => {
        await transaction`insert into items (owner, n) values (99, 0)`;
        await new Promise((resolve) => setTimeout(resolve, 50));
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    await outside;
    const owners = await b`select owner from items where owner >= 99 order by owner`;
    expect(owners.map((row) => row.owner)).toEqual([100]);

    // A client that dies with a transaction open leaves nothing behind and blocks no one.
    const leaver = postgres(shared.url, { prepare: false, max: 1 });
    const reserved = await leaver.reserve();
    await reserved`begin`;
    await reserved`insert into items (owner, n) values (101, 0)`;
    await leaver.end({ timeout: 0 });
    const [{ count }] = (await b`select count(*)::int as count from items where owner = 101`) as unknown as [
      { count: number },
    ];
    expect(count).toBe(0);
  });
});
