/**
 * The Store interface every phase talks to (DESIGN: embedded DuckDB or PostgreSQL behind one
 * small interface, like Hono's routers). SQL uses $1, $2 … parameters and the subset both
 * engines accept. Values come back as plain JSON-like data: DATE → 'YYYY-MM-DD',
 * TIMESTAMPTZ → ISO string ('2025-10-23T02:00:00.000Z'), BIGINT/DECIMAL → number,
 * JSON → string (parse it where it is read), lists → arrays.
 */
export type Row = Record<string, any>;

export interface InsertOptions {
  /**
   * Conflict clause appended to the INSERT, e.g. 'ON CONFLICT (game_id) DO NOTHING' or
   * 'ON CONFLICT (game_id) DO UPDATE SET status = excluded.status'.
   */
  onConflict?: string;
}

export interface Queryable {
  readonly dialect: 'duckdb' | 'postgres';
  query<T = Row>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs a statement; returns the number of rows it changed where the engine reports it. */
  run(sql: string, params?: unknown[]): Promise<number>;
  /**
   * Bulk insert of many rows at once (DuckDB appender through a staging table, PostgreSQL
   * multi-row inserts); never row by row. Returns the number of rows inserted or updated.
   */
  insertMany(table: string, columns: string[], rows: unknown[][], opts?: InsertOptions): Promise<number>;
}

export interface Store extends Queryable {
  /** Runs fn in one transaction on its own connection: all of it is written or none. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** Where the store lives, for messages ("./data/courtedge.duckdb"). */
  readonly location: string;
}

/** A JSON column value as text for insertion (both engines cast text to JSON). */
export function json(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

/** Parses a JSON column read back from either engine (string in DuckDB, object in pg). */
export function parseJson<T = any>(value: unknown): T {
  if (value === null || value === undefined) return value as T;
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
