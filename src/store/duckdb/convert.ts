import {
  type DuckDBDateValue,
  type DuckDBTimestampTZValue,
  type DuckDBTimestampValue,
  DuckDBTypeId,
  type DuckDBValueConverter,
  JSDuckDBValueConverter,
} from '@duckdb/node-api';

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

function dateString(days: number): string {
  const d = new Date(days * 86_400_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

function isoFromMicros(micros: bigint): string {
  return new Date(Number(micros / 1000n)).toISOString();
}

/**
 * DuckDB values → the plain shapes of the Store contract (store.ts), the same the PostgreSQL
 * implementation returns: dates and timestamps as strings, integers as numbers.
 */
export const plainConverter: DuckDBValueConverter<any> = (value, type, converter) => {
  if (value === null) return null;
  switch (type.typeId) {
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.UHUGEINT:
      return Number(value as bigint);
    case DuckDBTypeId.DATE:
      return dateString((value as DuckDBDateValue).days);
    case DuckDBTypeId.TIMESTAMP:
      return isoFromMicros((value as DuckDBTimestampValue).micros);
    case DuckDBTypeId.TIMESTAMP_TZ:
      return isoFromMicros((value as DuckDBTimestampTZValue).micros);
    default:
      return JSDuckDBValueConverter(value, type, converter);
  }
};
