import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Store } from './store.ts';

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

/**
 * Applies every migration not yet recorded, each in its own transaction, and records it.
 * Idempotent: a second call applies nothing. Returns the ids applied now.
 */
export async function migrate(store: Store, migrations = listMigrations()): Promise<string[]> {
  await store.run(
    'CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)',
  );
  const done = new Set(
    (await store.query<{ id: string }>('SELECT id FROM schema_migrations')).map((r) => r.id),
  );
  const applied: string[] = [];
  for (const m of migrations) {
    if (done.has(m.id)) continue;
    await store.transaction(async (tx) => {
      for (const stmt of statements(m.sql)) await tx.run(stmt);
      await tx.run('INSERT INTO schema_migrations (id, applied_at) VALUES ($1, $2::TIMESTAMPTZ)', [
        m.id,
        new Date().toISOString(),
      ]);
    });
    applied.push(m.id);
  }
  return applied;
}
