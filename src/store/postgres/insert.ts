/**
 * insertMany for PostgreSQL: one INSERT … SELECT … FROM unnest($1::…[], $2::…[], …) per chunk
 * of rows, i.e. one array parameter per column whatever the row count (no per-row SQL, no
 * 65535-parameter limit, one round trip per chunk). Numbers travel as float8[] when every cell
 * of a numeric column is a number; everything else as text[] and is cast to the column's type
 * by PostgreSQL, as the DuckDB store casts its staged text. Lists (DOUBLE[]/TEXT[] columns)
 * become PostgreSQL array literals inside the text cell.
 */

/** Rows per statement: bounds the size of one parameter (feature vectors: ~50 numbers a row). */
export const INSERT_CHUNK_ROWS = 20_000;

const NUMERIC = /^(smallint|integer|bigint|real|double precision|numeric)/;

export interface ColumnPlan {
  /** Parameter array type ('float8[]' or 'text[]'). */
  paramType: 'float8[]' | 'text[]';
  /** The column's type as format_type prints it ('bigint', 'double precision[]', 'json'). */
  target: string;
  cell: (v: unknown) => unknown;
}

function quoteElement(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number') return Number.isFinite(v) ? (Object.is(v, -0) ? '-0' : String(v)) : 'NULL';
  if (Array.isArray(v)) return arrayLiteral(v);
  const s = typeof v === 'string' ? v : String(v);
  return `"${s.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

/** A JS list as a PostgreSQL array literal ('{1,2.5,NULL}', '{"a","b"}'). */
export function arrayLiteral(xs: readonly unknown[]): string {
  return `{${xs.map(quoteElement).join(',')}}`;
}

/** pg sends a number as String(n), which drops the sign of −0; '-0' keeps it (as DuckDB does). */
function numberCell(v: unknown): number | string | null {
  if (v === null || v === undefined) return null;
  const n = Number(v);
  if (!Number.isFinite(n)) return null;
  return Object.is(n, -0) ? '-0' : n;
}

/** A cell as text for a scalar column (JSON columns take JSON text, objects are stringified). */
function textCell(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? (Object.is(v, -0) ? '-0' : String(v)) : null;
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (v instanceof Date) return v.toISOString();
  return JSON.stringify(v);
}

/** A cell for a list column: a JS array, or JSON text of one (what DuckDB's cast accepts). */
function listCell(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (Array.isArray(v)) return arrayLiteral(v);
  if (typeof v === 'string') {
    const t = v.trim();
    if (t.startsWith('[')) return arrayLiteral(JSON.parse(t) as unknown[]);
    return t; // already a PostgreSQL literal
  }
  throw new Error(`a list column got ${typeof v} ${JSON.stringify(v)}`);
}

export function planColumns(
  table: string,
  columns: string[],
  rows: unknown[][],
  types: Map<string, string>,
): ColumnPlan[] {
  return columns.map((name, j) => {
    const target = types.get(name);
    if (!target) throw new Error(`insertMany(${table}): no column ${name}`);
    if (target.endsWith('[]')) return { paramType: 'text[]', target, cell: listCell };
    if (NUMERIC.test(target)) {
      let allNumbers = true;
      for (const row of rows) {
        const v = row[j];
        if (v !== null && v !== undefined && typeof v !== 'number') {
          allNumbers = false;
          break;
        }
      }
      if (allNumbers) return { paramType: 'float8[]', target, cell: numberCell };
    }
    return { paramType: 'text[]', target, cell: textCell };
  });
}

function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The statement and its parameters (one array per column) for one chunk of rows. */
export function insertStatement(
  table: string,
  columns: string[],
  rows: unknown[][],
  plan: ColumnPlan[],
  onConflict = '',
): { sql: string; params: unknown[][] } {
  const params = plan.map((c, j) => rows.map((r) => c.cell(r[j])));
  const names = columns.map((_c, j) => `c${j}`);
  const unnest = plan.map((c, j) => `$${j + 1}::${c.paramType}`).join(', ');
  const select = plan.map((c, j) => `u.${names[j]}::${c.target}`).join(', ');
  const sql =
    `INSERT INTO ${table} (${columns.map(ident).join(', ')}) ` +
    `SELECT ${select} FROM unnest(${unnest}) AS u(${names.join(', ')}) ${onConflict}`;
  return { sql, params };
}
