import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { type DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import type { InsertOptions, Queryable, Row, Store } from '../store.ts';
import { plainConverter } from './convert.ts';

/** Serialises work on one connection: DuckDB connections are not safe for concurrent use. */
class Mutex {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn, fn);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

function toParam(v: unknown): DuckDBValue {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'bigint' || typeof v === 'string' || typeof v === 'boolean') return v;
  return JSON.stringify(v);
}

function toCell(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : null;
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (v instanceof Date) return v.toISOString();
  return JSON.stringify(v); // arrays (DuckDB casts '[1,2]' to a LIST) and JSON objects
}

let stagingSeq = 0;

class DuckDBQueryable implements Queryable {
  readonly dialect = 'duckdb' as const;
  constructor(
    protected conn: DuckDBConnection,
    protected lock: Mutex,
  ) {}

  query<T = Row>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.lock.run(async () => {
      const reader = await this.conn.runAndReadAll(sql, params.map(toParam));
      return reader.convertRowObjects(plainConverter) as T[];
    });
  }

  run(sql: string, params: unknown[] = []): Promise<number> {
    return this.lock.run(async () => {
      const res = await this.conn.run(sql, params.length ? params.map(toParam) : undefined);
      return res.rowsChanged;
    });
  }

  insertMany(table: string, columns: string[], rows: unknown[][], opts: InsertOptions = {}): Promise<number> {
    if (rows.length === 0) return Promise.resolve(0);
    return this.lock.run(async () => {
      // Rows go through an all-VARCHAR staging table filled by the appender (fast, no SQL
      // per row); the INSERT … SELECT casts each cell to the target column's type.
      const stg = `_stg_${++stagingSeq}`;
      const cols = columns.map((c) => `"${c}"`).join(', ');
      await this.conn.run(`CREATE TEMP TABLE ${stg} (${columns.map((c) => `"${c}" VARCHAR`).join(', ')})`);
      try {
        const app = await this.conn.createAppender(stg);
        for (const row of rows) {
          if (row.length !== columns.length) {
            throw new Error(
              `insertMany(${table}): row has ${row.length} values for ${columns.length} columns`,
            );
          }
          for (const v of row) {
            const cell = toCell(v);
            if (cell === null) app.appendNull();
            else app.appendVarchar(cell);
          }
          app.endRow();
        }
        app.flushSync();
        app.closeSync();
        const res = await this.conn.run(
          `INSERT INTO ${table} (${cols}) SELECT ${cols} FROM ${stg} ${opts.onConflict ?? ''}`,
        );
        return res.rowsChanged;
      } finally {
        await this.conn.run(`DROP TABLE IF EXISTS ${stg}`);
      }
    });
  }
}

export class DuckDBStore extends DuckDBQueryable implements Store {
  private constructor(
    private instance: DuckDBInstance,
    conn: DuckDBConnection,
    readonly location: string,
  ) {
    super(conn, new Mutex());
  }

  /** Opens (creating the folder if needed) a DuckDB file, or ':memory:'. */
  static async open(path: string): Promise<DuckDBStore> {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path);
    } catch (e) {
      const msg = (e as Error).message;
      const holder = /PID (\d+)/.exec(msg)?.[1];
      if (/lock/i.test(msg)) {
        throw new Error(
          `the store ${path} is held by another process${holder ? ` (pid ${holder})` : ''}; stop it or run the command through its server`,
        );
      }
      throw e;
    }
    const conn = await instance.connect();
    await conn.run("SET TimeZone = 'UTC'");
    return new DuckDBStore(instance, conn, path);
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const conn = await this.instance.connect();
    const tx = new DuckDBQueryable(conn, new Mutex());
    try {
      await conn.run("SET TimeZone = 'UTC'");
      await conn.run('BEGIN TRANSACTION');
      const out = await fn(tx);
      await conn.run('COMMIT');
      return out;
    } catch (e) {
      try {
        await conn.run('ROLLBACK');
      } catch {
        // the transaction may already be aborted; the original error is what matters
      }
      throw e;
    } finally {
      conn.closeSync();
    }
  }

  async close(): Promise<void> {
    await this.lock.run(async () => {
      this.conn.closeSync();
      this.instance.closeSync();
    });
  }
}
