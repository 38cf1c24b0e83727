import pg from 'pg';

/**
 * Result parsing of the PostgreSQL store, giving the plain shapes of the Store contract
 * (store.ts), the same the DuckDB store returns: DATE → 'YYYY-MM-DD', TIMESTAMP(TZ) → ISO
 * string with milliseconds, BIGINT/NUMERIC → number, JSON → its text. pg's defaults differ
 * (Date objects, int8 as strings, JSON parsed), so the store passes these parsers to its pool
 * instead of changing pg's global ones (other users of pg in the process keep theirs).
 */

const OID = {
  int8: 20,
  numeric: 1700,
  date: 1082,
  timestamp: 1114,
  timestamptz: 1184,
  json: 114,
  jsonb: 3802,
  int8Array: 1016,
  numericArray: 1231,
  dateArray: 1182,
  timestampArray: 1115,
  timestamptzArray: 1185,
  jsonArray: 199,
  jsonbArray: 3807,
  textArray: 1009,
} as const;

/** '2025-10-23 02:00:00.123456+00' (session TimeZone is UTC) → '2025-10-23T02:00:00.123Z'. */
const PG_TS =
  /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d+))?(?:([+-]\d{2})(?::?(\d{2}))?(?::?(\d{2}))?)?$/;

/**
 * A timestamp's text as an ISO instant. Sub-millisecond digits are truncated, as the DuckDB
 * store truncates its microseconds; a value without an offset (TIMESTAMP) is read as UTC.
 */
export function isoFromPg(text: string): string {
  const m = PG_TS.exec(text);
  if (!m) return text; // 'infinity' and BC dates stay as PostgreSQL wrote them
  const [, date, time, frac = '', oh, om, os] = m;
  const ms = `${frac}000`.slice(0, 3);
  let offset = 'Z';
  if (oh !== undefined && !(oh.endsWith('00') && (om ?? '00') === '00' && (os ?? '00') === '00')) {
    offset = `${oh}:${om ?? '00'}`;
  }
  return new Date(`${date}T${time}.${ms}${offset}`).toISOString();
}

const textArray = pg.types.getTypeParser(OID.textArray as never, 'text') as (v: string) => unknown;

type Nested = unknown;
function mapNested(v: Nested, f: (s: string) => unknown): Nested {
  if (v === null) return null;
  if (Array.isArray(v)) return v.map((x) => mapNested(x, f));
  return f(v as string);
}

function arrayOf(f: (s: string) => unknown): (v: string) => unknown {
  return (v) => mapNested(textArray(v), f);
}

const identity = (v: string) => v;

const PARSERS = new Map<number, (v: string) => unknown>([
  [OID.int8, Number],
  [OID.numeric, Number],
  [OID.date, identity],
  [OID.timestamp, isoFromPg],
  [OID.timestamptz, isoFromPg],
  [OID.json, identity],
  [OID.jsonb, identity],
  [OID.int8Array, arrayOf(Number)],
  [OID.numericArray, arrayOf(Number)],
  [OID.dateArray, arrayOf(identity)],
  [OID.timestampArray, arrayOf(isoFromPg)],
  [OID.timestamptzArray, arrayOf(isoFromPg)],
  [OID.jsonArray, arrayOf(identity)],
  [OID.jsonbArray, arrayOf(identity)],
]);

/** The `types` option of the store's pool. */
export const storeTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary'): any {
    if (format !== 'binary') {
      const p = PARSERS.get(oid);
      if (p) return p;
    }
    return pg.types.getTypeParser(oid, format as 'text');
  },
};
