import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { type DuckDBConnection, DuckDBDataChunk, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import { Mutex } from '../sql.ts';
import type { InsertOptions, Queryable, Row, Store } from '../store.ts';
import { plainConverter } from './convert.ts';
import { duckType, planStaging, sqlType } from './staging.ts';

/** Serialises work on one connection: DuckDB connections are not safe for concurrent use. */
function toParam(v: unknown): DuckDBValue {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'bigint' || typeof v === 'string' || typeof v === 'boolean') return v;
  return JSON.stringify(v);
}

/** WAL size that triggers an automatic checkpoint (DuckDB's default is 16MB). */
const CHECKPOINT_THRESHOLD = '1GB';

let stagingSeq = 0;

/** DuckDB's vector size: the appender takes data chunks of at most this many rows. */
const CHUNK_ROWS = 2048;

/** Column types per table, shared by every connection of one database. */
type TypeCache = Map<string, Map<string, string>>;

/** A statement that may change a table's columns (the type cache is dropped after it). */
const DDL = /^\s*(CREATE|ALTER|DROP)\b/i;

class DuckDBQueryable implements Queryable {
  readonly dialect = 'duckdb' as const;
  constructor(
    protected conn: DuckDBConnection,
    protected lock: Mutex,
    /** Shared with the store: each transaction runs on a new connection, the schema is the same. */
    protected columnTypes: TypeCache,
  ) {}

  query<T = Row>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.lock.run(async () => {
      const reader = await this.conn.runAndReadAll(sql, params.map(toParam));
      if (DDL.test(sql)) this.columnTypes.clear();
      return reader.convertRowObjects(plainConverter) as T[];
    });
  }

  run(sql: string, params: unknown[] = []): Promise<number> {
    return this.lock.run(async () => {
      const res = await this.conn.run(sql, params.length ? params.map(toParam) : undefined);
      if (DDL.test(sql)) this.columnTypes.clear();
      return res.rowsChanged;
    });
  }

  /** Column types of a table (cached per database until the next DDL statement run here). */
  private async typesOf(table: string): Promise<Map<string, string>> {
    const key = table.toLowerCase();
    let types = this.columnTypes.get(key);
    if (!types) {
      const reader = await this.conn.runAndReadAll(
        'SELECT column_name, data_type FROM information_schema.columns WHERE lower(table_name) = $1',
        [key],
      );
      types = new Map(reader.getRows().map((r) => [String(r[0]), String(r[1])]));
      if (types.size) this.columnTypes.set(key, types);
    }
    return types;
  }

  insertMany(table: string, columns: string[], rows: unknown[][], opts: InsertOptions = {}): Promise<number> {
    if (rows.length === 0) return Promise.resolve(0);
    for (const row of rows) {
      if (row.length !== columns.length) {
        return Promise.reject(
          new Error(`insertMany(${table}): row has ${row.length} values for ${columns.length} columns`),
        );
      }
    }
    return this.lock.run(async () => {
      // Rows go through a staging table filled by the appender in data chunks (columnar, no
      // SQL per row); the INSERT … SELECT casts each column to the target type and applies
      // the conflict clause. staging.ts decides how each column travels.
      const plan = planStaging(columns, rows, await this.typesOf(table));
      const staged = plan.filter((c) => c.literal === null);
      const stg = `_stg_${++stagingSeq}`;
      const cols = columns.map((c) => `"${c}"`).join(', ');
      const select = plan.map((c) => c.literal ?? c.expr).join(', ');
      await this.conn.run(
        `CREATE TEMP TABLE ${stg} (${staged.map((c) => `"${c.name}" ${sqlType(c.kind)}`).join(', ')})`,
      );
      try {
        const app = await this.conn.createAppender(stg);
        const types = staged.map((c) => duckType(c.kind));
        const at = staged.map((c) => columns.indexOf(c.name));
        for (let off = 0; off < rows.length; off += CHUNK_ROWS) {
          const n = Math.min(CHUNK_ROWS, rows.length - off);
          const data: DuckDBValue[][] = staged.map(() => new Array<DuckDBValue>(n));
          for (let k = 0; k < staged.length; k++) {
            const { value } = staged[k];
            const j = at[k];
            const out = data[k];
            for (let r = 0; r < n; r++) out[r] = value(rows[off + r][j]);
          }
          const chunk = DuckDBDataChunk.create(types, n);
          chunk.setColumns(data);
          app.appendDataChunk(chunk);
        }
        app.flushSync();
        app.closeSync();
        const res = await this.conn.run(
          `INSERT INTO ${table} (${cols}) SELECT ${select} FROM ${stg} ${opts.onConflict ?? ''}`,
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
    super(conn, new Mutex(), new Map());
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
    // DuckDB checkpoints whenever the write-ahead log passes 16 MB, and each checkpoint
    // rewrites the touched tables and their key indexes: a simulated season (≈ 250 MB of log:
    // 110 MB of archived bodies, 620k prop lines) spent 11 of its 40 s in ~15 checkpoints.
    // A larger threshold leaves one checkpoint for the end of a bulk load (or the close).
    await conn.run(`SET checkpoint_threshold = '${CHECKPOINT_THRESHOLD}'`);
    return new DuckDBStore(instance, conn, path);
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const conn = await this.instance.connect();
    const tx = new DuckDBQueryable(conn, new Mutex(), this.columnTypes);
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
