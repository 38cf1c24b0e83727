import type { Config } from '../../config/schema.ts';
import type { Queryable } from '../../store/store.ts';
import { HttpError } from '../http.ts';
import type { LiveRun } from '../live-calls.ts';
import { boxScoreUrl, mapBoxScore, parseBoxScore } from './boxscore.ts';
import { parseOrThrow } from './parse.ts';
import { mapSchedule, parseSchedule } from './schedule.ts';

/**
 * The NBA.com CDN client (spec 01 §3): the season schedule and the live box score of each
 * game, mapped by the same pure parse/map code as the simulator's payloads.
 */
export type NbaCdnConfig = Config['sources']['nbaCdn'];

export class NbaCdnClient {
  constructor(
    private readonly run: LiveRun,
    private readonly cfg: NbaCdnConfig,
  ) {}

  /** The whole season schedule (one payload; re-fetching an unchanged one changes nothing). */
  async fetchSchedule(): Promise<{ games: number }> {
    const c = await this.run.call(this.cfg.scheduleUrl, 'schedule');
    if (c.res.status !== 200) {
      await this.run.recordOnly({
        url: this.cfg.scheduleUrl,
        key: 'schedule',
        started: c.started,
        duration: c.duration,
        attempt: c.attempt,
        status: c.res.status,
      });
      throw new HttpError(
        `schedule answered HTTP ${c.res.status}`,
        this.cfg.scheduleUrl,
        c.res.status,
        'RETRIES_EXHAUSTED',
      );
    }
    let games = 0;
    await this.run.ingest({ ...c, url: this.cfg.scheduleUrl, key: 'schedule' }, (body) => {
      const mapped = mapSchedule(parseOrThrow(parseSchedule(body)));
      games = mapped.games?.length ?? 0;
      return mapped;
    });
    return { games };
  }

  /**
   * Box scores of the date's games that are not yet Final with a loaded box score. Rows are
   * written only for finished games; an earlier fetch is archived and counted skipped.
   */
  async fetchBoxScores(
    q: Queryable,
    date: string,
  ): Promise<{ games: number; fetched: number; not_found: number }> {
    const games = await q.query<{ game_id: string }>(
      `SELECT g.game_id FROM games g
       WHERE g.game_date = $1::DATE AND g.nba_game_id IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM game_postponements p WHERE p.game_id = g.game_id AND p.original_date = g.game_date)
         AND (g.status <> 3 OR NOT EXISTS (SELECT 1 FROM box_scores b WHERE b.game_id = g.game_id AND b.source LIKE '%nba_cdn%'))
       ORDER BY g.game_id`,
      [date],
    );
    let fetched = 0;
    let notFound = 0;
    for (const { game_id } of games) {
      const url = boxScoreUrl(game_id, this.cfg.boxScoreUrl);
      const c = await this.run.call(url, game_id);
      if (c.res.status === 403 || c.res.status === 404) {
        // The CDN answers 403/404 before a game's box score exists.
        notFound++;
        await this.run.recordOnly({
          url,
          key: game_id,
          started: c.started,
          duration: c.duration,
          attempt: c.attempt,
          status: c.res.status,
        });
        continue;
      }
      if (c.res.status !== 200) {
        this.run.warn(`HTTP_${c.res.status}`);
        await this.run.recordOnly({
          url,
          key: game_id,
          started: c.started,
          duration: c.duration,
          attempt: c.attempt,
          status: c.res.status,
        });
        continue;
      }
      fetched++;
      await this.run.ingest({ ...c, url, key: game_id }, (body) =>
        mapBoxScore(parseOrThrow(parseBoxScore(body))),
      );
    }
    return { games: games.length, fetched, not_found: notFound };
  }
}
