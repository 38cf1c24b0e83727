import type { Queryable } from '../../store/store.ts';
import type { MappedPayload, RejectInput } from '../ingest/types.ts';
import type { CsvFile, CsvRow } from './csv.ts';
import type { Parsed } from './values.ts';

/** What a file mapper gets besides the text. */
export interface FileMapContext {
  q: Queryable;
  /** The file's base name (its payload key). */
  key: string;
  /** --captured-at for odds files without a stamp in their name. */
  capturedAt?: string | null;
}

export type FileMapper = (text: string, ctx: FileMapContext) => Promise<MappedPayload> | MappedPayload;

/** Column access by header name, plus the width check every row gets. */
export class Columns {
  private idx = new Map<string, number>();
  constructor(readonly header: string[]) {
    header.forEach((h, i) => {
      if (!this.idx.has(h)) this.idx.set(h, i);
    });
  }
  has(name: string): boolean {
    return this.idx.has(name);
  }
  get(row: CsvRow, name: string): string | undefined {
    const i = this.idx.get(name);
    return i === undefined ? undefined : row.fields[i];
  }
}

/** Raw row as an object (kept in rejected_rows.row_data). */
export function rowObject(header: string[], row: CsvRow): Record<string, string> {
  const o: Record<string, string> = {};
  header.forEach((h, i) => {
    o[h] = row.fields[i] ?? '';
  });
  if (row.fields.length > header.length) o._extra = row.fields.slice(header.length).join(',');
  return o;
}

/** Rejects a row whose width differs from the header's (truncated lines, stray commas). */
export function widthReject(file: CsvFile, row: CsvRow): RejectInput | null {
  if (row.fields.length === file.header.length) return null;
  return {
    row_ref: `line ${row.line}`,
    reason: 'BAD_VALUE',
    detail: `expected ${file.header.length} fields, got ${row.fields.length}`,
    row_data: { fields: row.fields },
  };
}

/** Collects parse errors of one row; `first` is the reject detail. */
export class RowErrors {
  first: string | null = null;
  take<T>(p: Parsed<T>): T {
    if (p.error !== undefined) {
      this.first ??= p.error;
      return undefined as T;
    }
    return p.value as T;
  }
}

/** Season type from the S digit of an NBA game id 00SYYNNNNN (or SEASON_ID's first digit). */
export function seasonTypeOfDigit(
  d: string,
): 'regular' | 'playoffs' | 'playin' | 'cup_final' | 'skip' | null {
  switch (d) {
    case '2':
      return 'regular';
    case '4':
      return 'playoffs';
    case '5':
      return 'playin';
    case '6':
      return 'cup_final';
    case '1':
    case '3':
      return 'skip';
    default:
      return null;
  }
}
