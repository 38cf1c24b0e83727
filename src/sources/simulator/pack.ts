import type { MappedPayload } from '../ingest/types.ts';
import type { SimBatch } from './fetcher.ts';

/**
 * The fetcher thread's batches as columns for postMessage. A structured clone copies every
 * property name and every string of every row: a season's 620k prop lines cost the writer
 * thread 1.3 s to deserialise (and the fetcher 0.6 s to serialise). Packed, each column of
 * strings is an index array into one table of distinct strings, and shared objects (a payload's
 * `game_ref`) are sent once. unpack() rebuilds the same rows; a key that was absent or
 * undefined stays absent.
 */

type Column =
  | { key: string; kind: 'str'; idx: Int32Array }
  | { key: string; kind: 'obj'; idx: Int32Array }
  | { key: string; kind: 'raw'; values: unknown[] };

export interface PackedRows {
  n: number;
  strings: string[];
  objects: object[];
  columns: Column[];
}

const NULL = -1;
const ABSENT = -2;

const ROW_FIELDS = [
  'games',
  'teamBoxScores',
  'boxScores',
  'propLines',
  'gameLines',
  'injuries',
  'rejects',
] as const;

export function packRows(rows: Array<Record<string, unknown>>): PackedRows {
  const keys = new Set<string>();
  for (const r of rows) for (const k in r) keys.add(k);
  const strings: string[] = [];
  const stringIds = new Map<string, number>();
  const objects: object[] = [];
  const objectIds = new Map<object, number>();
  const columns: Column[] = [];
  for (const key of keys) {
    let kind: 'str' | 'obj' | 'raw' | null = null;
    for (const r of rows) {
      const v = r[key];
      if (v === null || v === undefined) continue;
      const k = typeof v === 'string' ? 'str' : typeof v === 'object' && !Array.isArray(v) ? 'obj' : 'raw';
      if (kind === null) kind = k;
      else if (kind !== k) kind = 'raw';
      if (kind === 'raw') break;
    }
    if (kind === 'raw' || kind === null) {
      columns.push({ key, kind: 'raw', values: rows.map((r) => r[key]) });
      continue;
    }
    const idx = new Int32Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const v = rows[i][key];
      if (v === undefined) idx[i] = ABSENT;
      else if (v === null) idx[i] = NULL;
      else if (kind === 'str') {
        let id = stringIds.get(v as string);
        if (id === undefined) {
          id = strings.push(v as string) - 1;
          stringIds.set(v as string, id);
        }
        idx[i] = id;
      } else {
        let id = objectIds.get(v as object);
        if (id === undefined) {
          id = objects.push(v as object) - 1;
          objectIds.set(v as object, id);
        }
        idx[i] = id;
      }
    }
    columns.push(kind === 'str' ? { key, kind, idx } : { key, kind, idx });
  }
  return { n: rows.length, strings, objects, columns };
}

export function unpackRows<T = Record<string, unknown>>(p: PackedRows): T[] {
  const rows: Array<Record<string, unknown>> = new Array(p.n);
  for (let i = 0; i < p.n; i++) rows[i] = {};
  for (const c of p.columns) {
    if (c.kind === 'raw') {
      for (let i = 0; i < p.n; i++) if (c.values[i] !== undefined) rows[i][c.key] = c.values[i];
      continue;
    }
    const table = c.kind === 'str' ? p.strings : p.objects;
    for (let i = 0; i < p.n; i++) {
      const id = c.idx[i];
      if (id !== ABSENT) rows[i][c.key] = id === NULL ? null : table[id];
    }
  }
  return rows as T[];
}

/** A batch with its mapped row arrays packed (the rest is sent as is). */
export type PackedBatch = Omit<SimBatch, 'mapped'> & {
  mapped: Record<string, { m: MappedPayload; packed: Record<string, PackedRows> }>;
};

export function packBatch(b: SimBatch): PackedBatch {
  const mapped: PackedBatch['mapped'] = {};
  for (const [kind, m] of Object.entries(b.mapped)) {
    if (!m) continue;
    const rest: MappedPayload = { ...m };
    const packed: Record<string, PackedRows> = {};
    for (const f of ROW_FIELDS) {
      const rows = m[f] as Array<Record<string, unknown>> | undefined;
      if (!rows?.length) continue;
      packed[f] = packRows(rows);
      delete rest[f];
    }
    mapped[kind] = { m: rest, packed };
  }
  return { ...b, mapped };
}

export function unpackBatch(p: PackedBatch): SimBatch {
  const mapped: SimBatch['mapped'] = {};
  for (const [kind, { m, packed }] of Object.entries(p.mapped)) {
    const out: MappedPayload = { ...m };
    for (const [f, rows] of Object.entries(packed)) (out as any)[f] = unpackRows(rows);
    mapped[kind as keyof SimBatch['mapped']] = out;
  }
  return { ...p, mapped };
}
