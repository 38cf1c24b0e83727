import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Queryable, Store } from './store.ts';

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface Migration {
  id: string;
  sql: string;
}

/** Plain-SQL migrations in file-name order (each capability owns a numbered range). */
export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => ({ id: f.replace(/\.sql$/, ''), sql: readFileSync(join(dir, f), 'utf8') }));
}

/** Splits a migration into statements (our migrations hold no ';' inside literals). */
function statements(sql: string): string[] {
  return sql
    .split('\n')
    .filter((l) => !l.trim().startsWith('--'))
    .join('\n')
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Key of the advisory lock that serialises migrators sharing one PostgreSQL database. */
const PG_MIGRATE_LOCK = 7_223_001_018;

/**
 * Applies every migration not yet recorded, each in its own transaction, and records it.
 * Idempotent: a second call applies nothing. Returns the ids applied now.
 * On PostgreSQL several processes may start at once (workers, serve, CLI commands): each
 * transaction takes one advisory lock and re-reads what is applied under it, so every
 * migration runs exactly once and a late starter waits rather than failing half-way.
 */
export async function migrate(store: Store, migrations = listMigrations()): Promise<string[]> {
  const pg = store.dialect === 'postgres';
  const lock = async (tx: Queryable) => {
    if (pg) await tx.query('SELECT pg_advisory_xact_lock($1::BIGINT)', [PG_MIGRATE_LOCK]);
  };
  await store.transaction(async (tx) => {
    await lock(tx);
    await tx.run(
      'CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)',
    );
  });
  const appliedIds = async (q: Queryable) =>
    new Set((await q.query<{ id: string }>('SELECT id FROM schema_migrations')).map((r) => r.id));
  const done = await appliedIds(store);
  const applied: string[] = [];
  for (const m of migrations) {
    if (done.has(m.id)) continue;
    const ran = await store.transaction(async (tx) => {
      await lock(tx);
      if (pg && (await appliedIds(tx)).has(m.id)) return false;
      for (const stmt of statements(m.sql)) await tx.run(stmt);
      await tx.run('INSERT INTO schema_migrations (id, applied_at) VALUES ($1, $2::TIMESTAMPTZ)', [
        m.id,
        new Date().toISOString(),
      ]);
      return true;
    });
    if (ran) applied.push(m.id);
  }
  return applied;
}

/** Migrations of the code that are not recorded in the store (a worker refuses to start on them). */
export async function pendingMigrations(store: Queryable, migrations = listMigrations()): Promise<string[]> {
  const exists = await store.query<{ n: number }>(
    "SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'schema_migrations' AND table_schema = current_schema()",
  );
  if (!exists[0]?.n) return migrations.map((m) => m.id);
  const done = new Set(
    (await store.query<{ id: string }>('SELECT id FROM schema_migrations')).map((r) => r.id),
  );
  return migrations.filter((m) => !done.has(m.id)).map((m) => m.id);
}
