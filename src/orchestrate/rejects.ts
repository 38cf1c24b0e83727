import { RETRYABLE_REASONS } from '../sources/index.ts';
import type { App } from './app.ts';

/** Filters of `courtedge rejects` (each optional; since is a date, on created_at). */
export interface RejectsQuery {
  source?: string | null;
  reason?: string | null;
  since?: string | null;
  examples?: number;
}

export interface RejectsReport {
  open: number;
  by: Array<{ source: string; reason: string; n: number; retryable: boolean }>;
  examples: Array<{
    source: string;
    reason: string;
    row_ref: string;
    detail: string | null;
    created_at: string;
  }>;
  /** What a user can run about the retryable rows (nothing for rows only a new file can fix). */
  retry: string[];
}

/**
 * `courtedge rejects`: the open rows of rejected_rows counted by source and reason, a few
 * examples of each reason, and the command that retries the fixable ones (issue 20: problems
 * were invisible without SQL). Set-based: two queries whatever the size.
 */
export async function rejectsReport(app: App, q: RejectsQuery = {}): Promise<RejectsReport> {
  const where = `resolved_at IS NULL AND ($1::TEXT IS NULL OR source = $1) AND ($2::TEXT IS NULL OR reason = $2)
    AND ($3::DATE IS NULL OR created_at >= $3::DATE)`;
  const params = [q.source ?? null, q.reason ?? null, q.since ?? null];
  const by = await app.store.query<{ source: string; reason: string; n: number }>(
    `SELECT source, reason, COUNT(*)::INTEGER AS n FROM rejected_rows WHERE ${where}
     GROUP BY source, reason ORDER BY n DESC, source, reason`,
    params,
  );
  const per = Math.max(1, q.examples ?? 3);
  const examples = await app.store.query<RejectsReport['examples'][number]>(
    `SELECT source, reason, row_ref, detail, created_at FROM (
       SELECT source, reason, row_ref, detail, CAST(created_at AS TEXT) AS created_at,
              ROW_NUMBER() OVER (PARTITION BY reason ORDER BY created_at DESC, row_ref) AS k
       FROM rejected_rows WHERE ${where}) x
     WHERE k <= ${per} ORDER BY reason, k`,
    params,
  );
  const retryable = (r: string) => (RETRYABLE_REASONS as readonly string[]).includes(r);
  const rows = by.map((b) => ({ ...b, n: Number(b.n), retryable: retryable(b.reason) }));
  const retry: string[] = [];
  if (rows.some((r) => r.retryable))
    retry.push(
      'UNKNOWN_PLAYER / AMBIGUOUS_PLAYER: `courtedge aliases add NAME PLAYER_ID` retries them at once; UNKNOWN_GAME: import the games (`courtedge import games FILE`), the next import retries them',
    );
  const sources = [...new Set(rows.filter((r) => !r.retryable).map((r) => r.source))];
  for (const s of sources)
    retry.push(`${s}: fix the file or the rule, then \`courtedge import --reparse ${s}\` rebuilds its rows`);
  return { open: rows.reduce((a, r) => a + r.n, 0), by: rows, examples, retry };
}
