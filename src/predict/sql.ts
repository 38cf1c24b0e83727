import type { SlateGame } from './types.ts';

/**
 * A VALUES list of the slate's games with their tip and cutoff, as a CTE body, so a read of
 * the whole slate is one query in both DuckDB and PostgreSQL. Parameters start at `first`.
 */
export function slateValues(games: SlateGame[], first = 1): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const rows = games.map((g) => {
    const i = first + params.length;
    params.push(g.game_id, g.home, g.away, g.tip, g.cutoff);
    return `($${i}::TEXT, $${i + 1}::TEXT, $${i + 2}::TEXT, $${i + 3}::TIMESTAMPTZ, $${i + 4}::TIMESTAMPTZ)`;
  });
  return { sql: `SELECT * FROM (VALUES ${rows.join(', ')}) AS v(game_id, home, away, tip, cutoff)`, params };
}

/** True for the write-write conflicts DuckDB and PostgreSQL report (retry the transaction). */
export function isConflict(e: unknown): boolean {
  const msg = e instanceof Error ? e.message : String(e);
  return /conflict|could not serialize|deadlock/i.test(msg);
}
