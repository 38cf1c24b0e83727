import type { Config } from '../config/schema.ts';
import { DuckDBStore } from './duckdb/duckdb-store.ts';
import { migrate } from './migrate.ts';
import type { Store } from './store.ts';

/**
 * Opens the configured store and brings its schema up to date. PostgreSQL (databaseUrl)
 * arrives with the distributed-mode issue; until then a set URL is a clear error rather
 * than a silent fallback to the DuckDB file.
 */
export async function openStore(
  config: Pick<Config, 'store' | 'databaseUrl'>,
  opts: { migrate?: boolean } = {},
): Promise<Store> {
  if (config.databaseUrl) {
    throw new Error(
      'COURTEDGE_DATABASE_URL is set but the PostgreSQL store is not built yet; unset it to use the DuckDB file',
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
