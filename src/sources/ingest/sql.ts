import type { Queryable, Row } from '../../store/store.ts';

/** A SQL literal for a text key (ids are validated upstream; quotes are doubled anyway). */
export function lit(v: string | number): string {
  return typeof v === 'number' ? String(v) : `'${v.replaceAll("'", "''")}'`;
}

/** From this many keys on, DuckDB gets them as one JSON list parameter instead of literals. */
const LIST_PARAM_MIN = 200;

/**
 * Rows of `sql` whose `column` is in `values`, in chunks (one query per 2,000 keys, never one
 * per row). `sql` ends with a WHERE clause placeholder `{IN}`. Short lists are SQL literals
 * (portable, and DuckDB prunes row groups with them); on DuckDB a long list travels as one
 * JSON parameter: parsing and planning 1,230 literals took 3× the query itself.
 */
export async function selectIn<T = Row>(
  q: Queryable,
  sql: string,
  column: string,
  values: Iterable<string | number>,
  params: unknown[] = [],
): Promise<T[]> {
  const all = [...new Set(values)];
  const out: T[] = [];
  for (let i = 0; i < all.length; i += 2000) {
    const chunk = all.slice(i, i + 2000);
    const kind = listKind(q, chunk);
    const rows = kind
      ? await q.query<T>(
          sql.replace(
            '{IN}',
            `${column} IN (SELECT unnest(from_json($${params.length + 1}, '["${kind}"]')))`,
          ),
          [...params, JSON.stringify(chunk)],
        )
      : await q.query<T>(sql.replace('{IN}', `${column} IN (${chunk.map(lit).join(', ')})`), params);
    for (const r of rows) out.push(r);
  }
  return out;
}

/** The DuckDB element type for a long list of keys of one kind, else null (literals). */
function listKind(q: Queryable, keys: Array<string | number>): 'VARCHAR' | 'BIGINT' | null {
  if (q.dialect !== 'duckdb' || keys.length < LIST_PARAM_MIN) return null;
  if (keys.every((k) => typeof k === 'string')) return 'VARCHAR';
  if (keys.every((k) => Number.isSafeInteger(k))) return 'BIGINT';
  return null;
}

/** Equality of a stored value and an incoming one (timestamps, dates, numbers, null). */
export function same(stored: unknown, incoming: unknown): boolean {
  if (stored === null || stored === undefined) return incoming === null || incoming === undefined;
  if (incoming === null || incoming === undefined) return false;
  if (typeof stored === 'number' || typeof incoming === 'number') return Number(stored) === Number(incoming);
  if (typeof stored === 'boolean' || typeof incoming === 'boolean')
    return String(stored) === String(incoming);
  if (typeof stored === 'string' && typeof incoming === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(stored)) {
    return Date.parse(stored) === Date.parse(incoming);
  }
  return String(stored) === String(incoming);
}

/**
 * Inserts rows known to be new (plain bulk insert: the writer has already read the stored
 * keys in this transaction) and updates changed ones (ON CONFLICT … DO UPDATE), both in bulk.
 * DuckDB's conflict handling is the slow part, so new rows skip it.
 */
export async function upsert(
  q: Queryable,
  table: string,
  columns: string[],
  key: string[],
  inserts: unknown[][],
  updates: unknown[][] = [],
): Promise<number> {
  let n = 0;
  if (inserts.length) n += await q.insertMany(table, columns, inserts);
  if (updates.length) {
    const set = columns
      .filter((c) => !key.includes(c))
      .map((c) => `${c} = excluded.${c}`)
      .join(', ');
    n += await q.insertMany(table, columns, updates, {
      onConflict: `ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${set}`,
    });
  }
  return n;
}

let lastIsoIn: string | null = null;
let lastIsoOut: string | null = null;

/** An ISO instant normalised to 'YYYY-MM-DDTHH:MM:SS.sssZ' (the last answer is reused: rows repeat it). */
export function isoOrNull(v: string | null | undefined): string | null {
  if (!v) return null;
  if (v === lastIsoIn) return lastIsoOut;
  lastIsoIn = v;
  lastIsoOut = isoUncached(v);
  return lastIsoOut;
}

function isoUncached(v: string): string | null {
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}
