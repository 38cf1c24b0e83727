import pg from 'pg';
import type { InsertOptions, Queryable, Row, Store } from '../store.ts';
import { INSERT_CHUNK_ROWS, insertStatement, planColumns } from './insert.ts';
import { storeTypes } from './types.ts';

/** A pool or one client checked out of it (a transaction). */
type Runner = Pick<pg.PoolClient, 'query'>;

const READ = /^\s*SELECT\b/i;

/** Errors of a connection that went away (admin shutdown/termination, a broken socket). */
function connectionLost(e: unknown): boolean {
  const code = (e as { code?: string })?.code ?? '';
  return (
    /^(57P0[1-3]|08\d{3})$/.test(code) || code === 'ECONNRESET' || /Connection terminated/i.test(String(e))
  );
}

/** Column types per table (format_type text), shared by the store and its transactions. */
type TypeCache = Map<string, Map<string, string>>;

const DDL = /^\s*(CREATE|ALTER|DROP)\b/i;

function toParam(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? (Object.is(v, -0) ? '-0' : v) : null;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  // pg sends a JS array as an array literal ($1::TEXT[]); other objects as JSON text.
  if (Array.isArray(v))
    return v.map((x) =>
      typeof x !== 'number' ? x : !Number.isFinite(x) ? null : Object.is(x, -0) ? '-0' : x,
    );
  return JSON.stringify(v);
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

class PgQueryable implements Queryable {
  readonly dialect = 'postgres' as const;
  constructor(
    protected runner: Runner,
    protected columnTypes: TypeCache,
  ) {}

  async query<T = Row>(sql: string, params: unknown[] = []): Promise<T[]> {
    const res = await this.readWithRetry(sql, params);
    if (DDL.test(sql)) this.columnTypes.clear();
    // A multi-statement text (no params) returns one result per statement: the last one counts.
    const last = Array.isArray(res) ? res[res.length - 1] : res;
    return (last?.rows ?? []) as T[];
  }

  /**
   * A read on the pool survives a dropped connection (a failover, pg_terminate_backend): it is
   * retried on a fresh connection a few times. Writes and statements inside a transaction are
   * not retried (the caller decides; a half-run transaction is rolled back by the server).
   */
  private async readWithRetry(sql: string, params: unknown[]) {
    const retriable = this.runner instanceof pg.Pool && READ.test(sql);
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.runner.query(sql, params.map(toParam));
      } catch (e) {
        if (!retriable || attempt >= 3 || !connectionLost(e)) throw e;
        await new Promise((r) => setTimeout(r, 100 * 3 ** attempt));
      }
    }
  }

  async run(sql: string, params: unknown[] = []): Promise<number> {
    const res = await this.runner.query(sql, params.map(toParam));
    if (DDL.test(sql)) this.columnTypes.clear();
    const last = Array.isArray(res) ? res[res.length - 1] : res;
    return last?.rowCount ?? 0;
  }

  protected async typesOf(table: string): Promise<Map<string, string>> {
    const key = table.toLowerCase();
    let types = this.columnTypes.get(key);
    if (!types) {
      const res = await this.runner.query(
        `SELECT attname AS name, format_type(atttypid, atttypmod) AS type
           FROM pg_attribute WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped`,
        [key],
      );
      types = new Map(res.rows.map((r: { name: string; type: string }) => [r.name, r.type]));
      if (!types.size) throw new Error(`insertMany: no table ${table}`);
      this.columnTypes.set(key, types);
    }
    return types;
  }

  /** One statement per chunk; the caller makes a multi-chunk insert atomic (see the store). */
  async insertChunks(
    table: string,
    columns: string[],
    rows: unknown[][],
    opts: InsertOptions,
  ): Promise<number> {
    const plan = planColumns(table, columns, rows, await this.typesOf(table));
    let n = 0;
    for (let off = 0; off < rows.length; off += INSERT_CHUNK_ROWS) {
      const chunk = rows.slice(off, off + INSERT_CHUNK_ROWS);
      const { sql, params } = insertStatement(table, columns, chunk, plan, opts.onConflict);
      const res = await this.runner.query(sql, params);
      n += res.rowCount ?? 0;
    }
    return n;
  }

  insertMany(table: string, columns: string[], rows: unknown[][], opts: InsertOptions = {}): Promise<number> {
    const bad = checkRows(table, columns, rows);
    if (bad) return Promise.reject(bad);
    if (rows.length === 0) return Promise.resolve(0);
    return this.insertChunks(table, columns, rows, opts);
  }
}

function checkRows(table: string, columns: string[], rows: unknown[][]): Error | null {
  for (const row of rows) {
    if (row.length !== columns.length) {
      return new Error(`insertMany(${table}): row has ${row.length} values for ${columns.length} columns`);
    }
  }
  return null;
}

export class PostgresStore extends PgQueryable implements Store {
  private constructor(
    private pool: pg.Pool,
    readonly location: string,
  ) {
    super(pool, new Map());
  }

  /**
   * A pooled store on a postgres:// URL. Sessions run in UTC (timestamps come back as ISO
   * instants either way; UTC keeps date arithmetic on TIMESTAMPTZ the same as DuckDB's).
   * Fails at once with one line when the server cannot be reached. `schema` (tests) puts
   * every table of this store in that schema, created if missing.
   */
  static async open(url: string, opts: { max?: number; schema?: string } = {}): Promise<PostgresStore> {
    if (opts.schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(opts.schema)) {
      throw new Error(`bad schema name ${opts.schema}`);
    }
    const pool = new pg.Pool({
      connectionString: url,
      max: opts.max ?? 10,
      options: `-c TimeZone=UTC${opts.schema ? ` -c search_path=${opts.schema}` : ''}`,
      types: storeTypes,
      connectionTimeoutMillis: 10_000,
    });
    // An idle client whose backend went away (restart, pg_terminate_backend) emits 'error' on
    // the pool; without a listener that would crash the process. The next query reconnects.
    pool.on('error', () => undefined);
    const store = new PostgresStore(pool, redactUrl(url));
    try {
      // search_path may name a schema that does not exist yet: it applies once created.
      await pool.query(opts.schema ? `CREATE SCHEMA IF NOT EXISTS ${opts.schema}` : 'SELECT 1');
    } catch (e) {
      await pool.end().catch(() => undefined);
      throw new Error(`cannot connect to PostgreSQL at ${store.location}: ${(e as Error).message}`);
    }
    return store;
  }

  override insertMany(
    table: string,
    columns: string[],
    rows: unknown[][],
    opts: InsertOptions = {},
  ): Promise<number> {
    // More than one statement: run them in one transaction so the insert is all or nothing,
    // as DuckDB's single INSERT … SELECT is.
    if (rows.length > INSERT_CHUNK_ROWS && !checkRows(table, columns, rows)) {
      return this.transaction((tx) => tx.insertMany(table, columns, rows, opts));
    }
    return super.insertMany(table, columns, rows, opts);
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const tx = new PgQueryable(client, this.columnTypes);
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const out = await fn(tx);
      await client.query('COMMIT');
      return out;
    } catch (e) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        // The connection itself failed: drop it from the pool instead of reusing it.
        broken = rollbackError as Error;
      }
      throw e;
    } finally {
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
