import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openMemoryStore } from '../../src/store/open.ts';
import type { Store } from '../../src/store/store.ts';
import { runStoreContract } from './contract.ts';
import { openPgTestStore, pgSkip } from './pg-helpers.ts';

/** A column type in words both engines share ('text', 'double precision[]', …). */
function family(dataType: string, udt: string | null): string {
  const t = dataType.toLowerCase();
  if (t === 'array') return `${family(String(udt).replace(/^_/, ''), null)}[]`;
  if (t.endsWith('[]')) return `${family(t.slice(0, -2), null)}[]`;
  if (/^(decimal|numeric)\b/.test(t)) return 'numeric'; // PostgreSQL's information_schema omits (p,s)
  const names: Record<string, string> = {
    varchar: 'text',
    text: 'text',
    int8: 'bigint',
    bigint: 'bigint',
    int4: 'integer',
    integer: 'integer',
    float8: 'double precision',
    double: 'double precision',
    'double precision': 'double precision',
    bool: 'boolean',
    boolean: 'boolean',
    timestamptz: 'timestamp with time zone',
  };
  return names[t] ?? t;
}

async function columns(store: Store): Promise<string[]> {
  const rows = await store.query<{ t: string; c: string; dt: string; udt: string | null; nullable: string }>(
    `SELECT table_name AS t, column_name AS c, data_type AS dt, ${store.dialect === 'postgres' ? 'udt_name' : 'NULL'} AS udt,
            is_nullable AS nullable
       FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
  );
  return rows.map((r) => `${r.t}.${r.c} ${family(r.dt, r.udt)}${r.nullable === 'NO' ? ' NOT NULL' : ''}`);
}

if (pgSkip) {
  describe('store contract: PostgreSQL', () => {
    test('skipped', { skip: pgSkip }, () => {});
  });
} else {
  runStoreContract('PostgreSQL', () => openPgTestStore());

  test('the same migrations give both engines the same tables, columns, types and NOT NULLs', async () => {
    const duck = await openMemoryStore();
    const pg = await openPgTestStore();
    try {
      const [a, b] = [await columns(duck), await columns(pg)];
      assert.ok(a.length > 200, `expected the product's columns, got ${a.length}`);
      assert.deepEqual(b, a);
    } finally {
      await duck.close();
      await pg.close();
    }
  });
}
