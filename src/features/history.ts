import { addDays } from '../domain/dates.ts';
import type { Queryable } from '../store/store.ts';
import type { Cutoff } from './core.ts';
import { buildGameIndex, type FeatureIndex, withDateGames, withMarket } from './feature-index.ts';
import type { FeatureParams } from './inputs.ts';
import { loadBox, loadGames, loadMarket } from './load.ts';

/**
 * The index of a one-date build (a prediction batch rebuilds its date at every run, 00-decisions)
 * from a reused history. Building date D reads the year of games and box scores before D, which
 * a day of batches reads again and again unchanged; the market of D (odds, injuries) moves and
 * is always read fresh, and so are D's own games.
 *
 * The reused part is the index of the games dated in [D − lookback, D) with their box rows, kept
 * per store for one (D, params) and checked before every use against a fingerprint computed in
 * SQL over exactly the rows it was built from (row count and the sum of a hash of every loaded
 * column, per table). Any insert, delete or change of such a row, a game changing status or
 * date included, changes the fingerprint and the history is loaded again. The fingerprint is
 * read before the rows, so a write landing in between can only cause one extra reload, never
 * a stale hit. DuckDB only (its hash()); other engines load every time.
 */
interface Entry {
  key: string;
  fingerprint: string;
  index: FeatureIndex;
}

const cache = new WeakMap<Queryable, Entry>();

const HASHED = {
  games: `SELECT count(*) || ':' || COALESCE(sum(hash(game_id, game_date, start_utc, season, season_type, home, away,
            status, home_score, away_score)), 0) FROM games WHERE game_date >= $1::DATE AND game_date < $2::DATE`,
  postponements: `SELECT count(*) || ':' || COALESCE(sum(hash(game_id, original_date)), 0) FROM game_postponements
            WHERE original_date >= $1::DATE AND original_date < $2::DATE`,
  box: `SELECT count(*) || ':' || COALESCE(sum(hash(b.game_id, b.player_id, b.team, b.minutes, b.points, b.fga, b.fg3a,
            b.fg3m, b.fta, b.ftm, b.tov, b.fga_paint, b.fgm_paint, b.fga_mid, b.fgm_mid)), 0)
          FROM box_scores b JOIN games g ON g.game_id = b.game_id
          WHERE g.game_date >= $1::DATE AND g.game_date < $2::DATE AND g.status = 3`,
  teamBox: `SELECT count(*) || ':' || COALESCE(sum(hash(t.game_id, t.team, t.minutes, t.fga, t.oreb, t.tov, t.fta)), 0)
          FROM team_box_scores t JOIN games g ON g.game_id = t.game_id
          WHERE g.game_date >= $1::DATE AND g.game_date < $2::DATE AND g.status = 3`,
};

/** Fingerprint of the game-side rows dated in [lo, hi) that buildGameIndex reads (one query). */
export async function historyFingerprint(store: Queryable, lo: string, hi: string): Promise<string> {
  const parts = Object.entries(HASHED).map(([k, sql]) => `(${sql})::VARCHAR AS ${k}`);
  const rows = await store.query(`SELECT ${parts.join(', ')}`, [lo, hi]);
  return Object.keys(HASHED)
    .map((k) => rows[0][k])
    .join('|');
}

export interface DateIndex {
  index: FeatureIndex;
  /** hit = the history index was reused; miss = loaded and built (and kept); off = not cacheable. */
  history: 'hit' | 'miss' | 'off';
}

/** The index for building one date at a cutoff, the history reused when it is unchanged. */
export async function loadDateIndex(
  store: Queryable,
  req: { date: string; cutoff: Cutoff; params: FeatureParams },
): Promise<DateIndex> {
  const start = addDays(req.date, -req.params.maxLookbackDays);
  const key = `${req.date}|${JSON.stringify(req.params)}`;
  const useCache = store.dialect === 'duckdb';
  const fingerprint = useCache ? await historyFingerprint(store, start, req.date) : '';
  const hit = cache.get(store);
  let base: FeatureIndex;
  let history: DateIndex['history'] = 'off';
  const [today, market] = await Promise.all([
    loadGames(store, req.date, addDays(req.date, 1)),
    loadMarket(store, { from: req.date, to: req.date, cutoff: req.cutoff }),
  ]);
  if (hit && hit.key === key && hit.fingerprint === fingerprint && useCache) {
    base = hit.index;
    history = 'hit';
  } else {
    const [games, box] = await Promise.all([
      loadGames(store, start, req.date),
      loadBox(store, start, req.date),
    ]);
    base = buildGameIndex({ ...games, ...box }, req.params);
    if (useCache) {
      cache.set(store, { key, fingerprint, index: base });
      history = 'miss';
    }
  }
  return { index: withMarket(withDateGames(base, today), market), history };
}
