import { existsSync } from 'node:fs';
import type { Config } from '../config/schema.ts';
import { DuckDBStore } from './duckdb/duckdb-store.ts';
import { migrate } from './migrate.ts';
import { PostgresStore } from './postgres/pg-store.ts';
import type { Store } from './store.ts';

/**
 * Opens the configured store and brings its schema up to date: PostgreSQL when databaseUrl
 * (COURTEDGE_DATABASE_URL) is a postgres:// URL, else the DuckDB file. Another kind of URL is
 * a clear error rather than a silent fallback to the file.
 */
export async function openStore(
  config: Pick<Config, 'store' | 'databaseUrl'>,
  opts: { migrate?: boolean; create?: boolean } = {},
): Promise<Store> {
  if (config.databaseUrl) {
    if (!/^postgres(ql)?:\/\//i.test(config.databaseUrl)) {
      throw new Error('COURTEDGE_DATABASE_URL must be a postgres:// (or postgresql://) URL');
    }
    const pgStore = await PostgresStore.open(config.databaseUrl);
    if (opts.migrate !== false) {
      try {
        await migrate(pgStore);
      } catch (e) {
        await pgStore.close();
        throw e;
      }
    }
    return pgStore;
  }
  // A typo must not create an empty world (00-decisions "Creating a store"): only init,
  // simulate and demo create the file; every other command names the missing path.
  if (!opts.create && config.store !== ':memory:' && !existsSync(config.store)) {
    throw new Error(
      `no store at ${config.store}: check --store / COURTEDGE_STORE, or create it with \`courtedge init\``,
    );
  }
  const store = await DuckDBStore.open(config.store);
  if (opts.migrate !== false) await migrate(store);
  return store;
}

/** A fresh in-memory DuckDB store with every migration applied (tests, backtests). */
export async function openMemoryStore(): Promise<Store> {
  const store = await DuckDBStore.open(':memory:');
  await migrate(store);
  return store;
}
