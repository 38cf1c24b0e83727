import type { Queryable, Store } from '../../store/store.ts';
import { ingestMapped } from './ingest.ts';
import type { IngestCounts, MappedPayload } from './types.ts';
import { addCounts, emptyCounts } from './types.ts';

/**
 * Re-parse (spec 01 §1): rebuild rows from stored payloads without network, after a mapping
 * fix or a new alias. Each source registers how to map one stored body; `reparse` replays the
 * stored bodies of a source in fetch order, each in its own transaction, through the same
 * writers (idempotent: unchanged rows count as unchanged).
 */
export interface Reparser {
  map: (body: string, q: Queryable, key: string) => Promise<MappedPayload> | MappedPayload;
  /** Row source when it differs from the payload source (e.g. 'sim:odds_api'). */
  rowSource?: string;
}

const REPARSERS = new Map<string, Reparser>();

export function registerReparser(source: string, r: Reparser): void {
  REPARSERS.set(source, r);
}

export function reparserSources(): string[] {
  return [...REPARSERS.keys()].sort();
}

export interface ReparseResult {
  source: string;
  payloads: number;
  failed: Array<{ key: string; sha256: string; error: string }>;
  counts: IngestCounts;
}

export async function reparse(
  store: Store,
  opts: {
    source: string;
    from?: string | null;
    to?: string | null;
    run_id?: string | null;
    candidateMinSimilarity?: number;
  },
): Promise<ReparseResult> {
  const r = REPARSERS.get(opts.source);
  if (!r) {
    throw new Error(
      `no re-parser for source ${opts.source}; known: ${reparserSources().join(', ') || 'none'}`,
    );
  }
  const list = await store.query<{ sha256: string; key: string }>(
    `SELECT sha256, key FROM raw_payloads
     WHERE source = $1 AND status = 'ok'
       AND ($2::DATE IS NULL OR fetched_at >= $2::DATE)
       AND ($3::DATE IS NULL OR fetched_at < $3::DATE + INTERVAL '1 day')
     ORDER BY fetched_at, key`,
    [opts.source, opts.from ?? null, opts.to ?? null],
  );
  const out: ReparseResult = { source: opts.source, payloads: 0, failed: [], counts: emptyCounts() };
  for (const p of list) {
    try {
      const c = await store.transaction(async (tx) => {
        const [row] = await tx.query<{ body: string }>('SELECT body FROM raw_payloads WHERE sha256 = $1', [
          p.sha256,
        ]);
        const mapped = await r.map(row.body, tx, p.key);
        return ingestMapped(
          tx,
          {
            source: r.rowSource ?? opts.source,
            payload_sha256: p.sha256,
            run_id: opts.run_id,
            candidateMinSimilarity: opts.candidateMinSimilarity,
          },
          mapped,
        );
      });
      addCounts(out.counts, c);
      out.payloads++;
    } catch (e) {
      out.failed.push({ key: p.key, sha256: p.sha256, error: e instanceof Error ? e.message : String(e) });
    }
  }
  return out;
}
