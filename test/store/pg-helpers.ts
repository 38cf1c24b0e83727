import { migrate } from '../../src/store/migrate.ts';
import { PostgresStore } from '../../src/store/postgres/pg-store.ts';
import type { Store } from '../../src/store/store.ts';

/** The PostgreSQL server of the PostgreSQL tests (.ci/run creates a fresh database for it). */
export const PG_TEST_URL = process.env.COURTEDGE_TEST_DATABASE_URL ?? '';

/** For `describe/test(name, { skip: pgSkip }, …)`: false, or the reason the runner prints. */
export const pgSkip: false | string = PG_TEST_URL
  ? false
  : 'COURTEDGE_TEST_DATABASE_URL is not set: PostgreSQL tests skipped (.ci/run sets it)';

let seq = 0;

/**
 * A PostgreSQL store in a schema of its own (test files run in parallel on one database),
 * migrated; close() drops the schema. `migrated: false` leaves it empty.
 */
export async function openPgTestStore(
  opts: { migrated?: boolean } = {},
): Promise<Store & { schema: string }> {
  const schema = `t_${process.pid}_${++seq}_${Math.floor(Math.random() * 1e6)}`;
  const store = await PostgresStore.open(PG_TEST_URL, { schema, max: 4 });
  if (opts.migrated !== false) await migrate(store);
  const close = store.close.bind(store);
  return Object.assign(store, {
    schema,
    close: async () => {
      try {
        await store.run(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await close();
      }
    },
  });
}
