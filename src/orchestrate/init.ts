import type { Config } from '../config/schema.ts';
import { listMigrations, migrate } from '../store/migrate.ts';
import { openStore } from '../store/open.ts';

/** `courtedge init`: create the store or bring its schema up to date (idempotent). */
export async function initStore(config: Config) {
  const store = await openStore(config, { migrate: false, create: true });
  try {
    const applied = await migrate(store);
    return { store: store.location, applied, migrations: listMigrations().length };
  } finally {
    await store.close();
  }
}
