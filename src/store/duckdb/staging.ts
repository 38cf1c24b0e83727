import {
  BOOLEAN,
  DOUBLE,
  type DuckDBTimestampTZValue,
  type DuckDBType,
  type DuckDBValue,
  INTEGER,
  LIST,
  listValue,
  TIMESTAMPTZ,
  timestampTZValue,
  VARCHAR,
} from '@duckdb/node-api';

/**
 * How insertMany's rows travel through the staging table (duckdb-store.ts). Every text cell
 * costs a native call when a data chunk is filled, so text is avoided where the value can go
 * typed: numbers as DOUBLE and booleans as BOOLEAN when the target column has that type,
 * ISO instants as TIMESTAMPTZ for a TIMESTAMPTZ column, a column with one value in every row
 * (a row's `source`, `market`, a NULL) as a literal in the INSERT … SELECT instead of a staged
 * column, and a text column of few distinct values as positions into a list literal of them.
 * Everything else is text. Literal and list values are VARCHAR, so the INSERT … SELECT casts
 * them to the target type exactly as it casts staged text.
 */

const NUMERIC_TYPE =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|REAL|DOUBLE|DECIMAL)/i;

/** An instant with an explicit zone and at most millisecond precision (exact through Date). */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:\d{2})$/;

/** Longest text folded into the SQL as a literal (bodies and JSON stay staged). */
const MAX_LITERAL = 200;

/**
 * A text column with few distinct values (game ids, books, payload hashes) is staged as 1-based
 * positions into a list literal of those values: integers fill a chunk without native calls.
 */
const DICT_MAX_VALUES = 4096;
const DICT_MAX_CHARS = 256 * 1024;
/** Rows per distinct value from which a dictionary pays off. */
const DICT_MIN_REPEAT = 4;

export type StageKind = 'number' | 'boolean' | 'timestamptz' | 'dict' | 'doubles' | 'text';

export interface StagedColumn {
  name: string;
  kind: StageKind;
  /** Set when every row has this one value: the SELECT uses it instead of a staged column. */
  literal: string | null;
  /** The SELECT expression of a staged column (a dictionary column looks its text up). */
  expr: string;
  /** Cell → staged value (kinds 'timestamptz' memoise per distinct text). */
  value: (v: unknown) => DuckDBValue;
}

export function toCell(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : null;
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (v instanceof Date) return v.toISOString();
  return JSON.stringify(v); // arrays (DuckDB casts '[1,2]' to a LIST) and JSON objects
}

const TYPES: Record<StageKind, { duck: DuckDBType; sql: string }> = {
  number: { duck: DOUBLE, sql: 'DOUBLE' },
  boolean: { duck: BOOLEAN, sql: 'BOOLEAN' },
  timestamptz: { duck: TIMESTAMPTZ, sql: 'TIMESTAMPTZ' },
  dict: { duck: INTEGER, sql: 'INTEGER' },
  doubles: { duck: LIST(DOUBLE), sql: 'DOUBLE[]' },
  text: { duck: VARCHAR, sql: 'VARCHAR' },
};

export function duckType(k: StageKind): DuckDBType {
  return TYPES[k].duck;
}

export function sqlType(k: StageKind): string {
  return TYPES[k].sql;
}

function quote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

function numberValue(v: unknown): DuckDBValue {
  if (v === undefined || v === null) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

function booleanValue(v: unknown): DuckDBValue {
  return v === undefined || v === null ? null : (v as boolean);
}

/** A text column's one value as a SQL literal, or null when it is not one value in short text. */
function constantLiteral(rows: unknown[][], j: number): string | null {
  const first = rows[0][j];
  for (let i = 1; i < rows.length; i++) if (rows[i][j] !== first) return null;
  const text = toCell(first);
  if (text === null) return 'NULL';
  if (text.length > MAX_LITERAL) return null;
  return `CAST(${quote(text)} AS VARCHAR)`;
}

/** Positions (1-based) of a text column's values in its list of distinct texts, if it pays. */
function dictionary(rows: unknown[][], j: number): { values: string[]; at: Map<unknown, number> } | null {
  const at = new Map<unknown, number>();
  const values: string[] = [];
  let chars = 0;
  for (const row of rows) {
    const v = row[j];
    if (v === null || v === undefined || at.has(v)) continue;
    const text = toCell(v);
    if (text === null) continue;
    chars += text.length;
    if (values.length >= DICT_MAX_VALUES || chars > DICT_MAX_CHARS) return null;
    at.set(v, values.push(text));
  }
  return values.length * DICT_MIN_REPEAT <= rows.length ? { values, at } : null;
}

/**
 * Instants of a TIMESTAMPTZ column as DuckDB values (one per distinct text), or null when a
 * value is not a plain ISO instant (the column is then staged as text and cast by DuckDB).
 */
function instants(rows: unknown[][], j: number): Map<unknown, DuckDBTimestampTZValue> | null {
  const out = new Map<unknown, DuckDBTimestampTZValue>();
  for (const row of rows) {
    const v = row[j];
    if (v === null || v === undefined || out.has(v)) continue;
    let ms: number;
    if (v instanceof Date) ms = v.getTime();
    else if (typeof v === 'string' && ISO_INSTANT.test(v)) ms = Date.parse(v);
    else return null;
    if (!Number.isFinite(ms)) return null;
    out.set(v, timestampTZValue(BigInt(ms) * 1000n));
  }
  return out;
}

function plainKind(
  rows: unknown[][],
  j: number,
  targetType: string | undefined,
): 'number' | 'boolean' | 'text' {
  const want = !targetType
    ? null
    : NUMERIC_TYPE.test(targetType)
      ? 'number'
      : /^BOOLEAN/i.test(targetType)
        ? 'boolean'
        : null;
  if (!want) return 'text';
  for (const row of rows) {
    const v = row[j];
    if (v === null || v === undefined) continue;
    if (want === 'number' && typeof v !== 'number' && typeof v !== 'bigint') return 'text';
    if (want === 'boolean' && typeof v !== 'boolean') return 'text';
  }
  return want;
}

/**
 * A DOUBLE[] column whose cells are all arrays of numbers (or null) goes as a typed list: the
 * JSON text it would otherwise be (feature vectors: ~50 numbers a row) costs a stringify here and
 * a parse in DuckDB. Non-finite numbers become NULL, as JSON text made them.
 */
function doublesColumn(rows: unknown[][], j: number, targetType: string | undefined): boolean {
  if (!targetType || !/^DOUBLE\[\]$/i.test(targetType)) return false;
  for (const row of rows) {
    const v = row[j];
    if (v === null || v === undefined) continue;
    if (!Array.isArray(v)) return false;
    for (const x of v) if (x !== null && typeof x !== 'number') return false;
  }
  return true;
}

function doublesValue(v: unknown): DuckDBValue {
  if (v === undefined || v === null) return null;
  return listValue((v as (number | null)[]).map((x) => (x !== null && Number.isFinite(x) ? x : null)));
}

/** The staging plan of each column (target types from information_schema, upper case). */
export function planStaging(
  columns: string[],
  rows: unknown[][],
  targetTypes: Map<string, string>,
): StagedColumn[] {
  const plan = columns.map((name, j): StagedColumn => {
    const target = targetTypes.get(name);
    const expr = `"${name}"`;
    if (doublesColumn(rows, j, target))
      return { name, kind: 'doubles', literal: null, expr, value: doublesValue };
    const kind = plainKind(rows, j, target);
    if (kind !== 'text') {
      return { name, kind, literal: null, expr, value: kind === 'number' ? numberValue : booleanValue };
    }
    const literal = rows.length > 1 ? constantLiteral(rows, j) : null;
    if (literal) return { name, kind, literal, expr, value: toCell };
    if (target && /^TIMESTAMP WITH TIME ZONE/i.test(target)) {
      const memo = instants(rows, j);
      if (memo) return { name, kind: 'timestamptz', literal: null, expr, value: (v) => memo.get(v) ?? null };
    }
    const dict = dictionary(rows, j);
    if (dict) {
      const list = `[${dict.values.map(quote).join(', ')}]`;
      return {
        name,
        kind: 'dict',
        literal: null,
        expr: `CAST(${list}[${expr}] AS VARCHAR)`,
        value: (v) => dict.at.get(v) ?? null,
      };
    }
    return { name, kind, literal: null, expr, value: toCell };
  });
  // The staging table needs one column; keep the first one staged if all were one value.
  if (plan.every((c) => c.literal !== null)) plan[0] = { ...plan[0], literal: null };
  return plan;
}
