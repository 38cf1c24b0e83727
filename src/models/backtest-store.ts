import { addDays } from '../domain/dates.ts';
import { openMemoryStore } from '../store/open.ts';
import type { Queryable, Store } from '../store/store.ts';
import { insertModels } from '../store/tables/models.ts';
import { insertPredictions, type PredictionRecord } from '../store/tables/predictions.ts';
import type { BacktestPrediction } from './backtest.ts';

/**
 * The backtest's own store (spec 03 §9, 00-decisions): an in-memory store with every migration,
 * holding a copy of what best bets read for the backtest's dates (games, box scores, lines,
 * injuries, players) plus the backtest's own models and predictions. Best bets then run on it
 * through their normal loader; nothing touches the live tables.
 */

async function copy(
  from: Queryable,
  to: Queryable,
  table: string,
  where: string,
  params: unknown[],
): Promise<number> {
  const rows = await from.query(`SELECT * FROM ${table} ${where}`, params);
  if (!rows.length) return 0;
  const cols = Object.keys(rows[0]);
  await to.insertMany(
    table,
    cols,
    rows.map((r) => cols.map((c) => r[c])),
    { onConflict: 'ON CONFLICT DO NOTHING' },
  );
  return rows.length;
}

export interface BacktestStore {
  store: Store;
  copied: Record<string, number>;
  /** Writes one day's predictions (active) and registers unseen system_ids as enabled models. */
  putPredictions(date: string, preds: BacktestPrediction[]): Promise<void>;
  close(): Promise<void>;
}

export async function createBacktestStore(
  live: Queryable,
  from: string,
  to: string,
  historyDays = 400,
): Promise<BacktestStore> {
  const store = await openMemoryStore();
  const h = addDays(from, -historyDays);
  const copied: Record<string, number> = {};
  const byGame = (alias: string) =>
    `WHERE ${alias}.game_id IN (SELECT game_id FROM games WHERE game_date BETWEEN $1::DATE AND $2::DATE)`;
  copied.players = await copy(live, store, 'players', '', []);
  copied.games = await copy(live, store, 'games', 'WHERE game_date BETWEEN $1::DATE AND $2::DATE', [h, to]);
  copied.game_postponements = await copy(live, store, 'game_postponements', '', []);
  copied.box_scores = await copy(live, store, 'box_scores', 'WHERE game_date BETWEEN $1::DATE AND $2::DATE', [
    h,
    to,
  ]);
  copied.team_box_scores = await copy(
    live,
    store,
    'team_box_scores',
    'WHERE game_date BETWEEN $1::DATE AND $2::DATE',
    [h, to],
  );
  const lineFrom = addDays(from, -30);
  copied.prop_lines = await copy(live, store, 'prop_lines', `p ${byGame('p')}`, [lineFrom, to]);
  copied.game_lines = await copy(live, store, 'game_lines', `l ${byGame('l')}`, [lineFrom, to]);
  copied.injury_reports = await copy(live, store, 'injury_reports', `i ${byGame('i')}`, [lineFrom, to]);
  const known = new Set<string>();
  return {
    store,
    copied,
    async putPredictions(date, preds) {
      const fresh = [
        ...new Map(preds.filter((p) => !known.has(p.system_id)).map((p) => [p.system_id, p])).values(),
      ];
      if (fresh.length) {
        await insertModels(
          store,
          fresh.map((p) => ({
            system_id: p.system_id,
            family: p.family,
            feature_set: p.feature_set_version.split('@')[0],
            contract_hash: '-',
            loss: '-',
            min_edge: p.min_edge,
            train_start: date,
            train_end: date,
            window_game_days: 0,
            status: 'shadow',
            enabled: true,
            artifact_hash: '-',
            created_at: `${date}T00:00:00.000Z`,
          })),
          { ifNew: true },
        );
        for (const p of fresh) known.add(p.system_id);
      }
      const batch = `pb_backtest_${date.replaceAll('-', '')}`;
      const asOf = `${date}T12:00:00.000Z`;
      const seen = new Set<string>();
      const rows: PredictionRecord[] = [];
      for (const p of preds) {
        const k = `${p.system_id}|${p.game_id}|${p.player_id}`;
        if (seen.has(k)) continue;
        seen.add(k);
        rows.push({
          prediction_id: `${batch}_${k}`,
          batch_id: batch,
          mode: 'BACKFILL',
          game_date: date,
          game_id: p.game_id,
          player_id: p.player_id,
          system_id: p.system_id,
          family: p.family,
          line: p.line,
          book: p.line === null ? null : 'consensus',
          n_books: p.line === null ? 0 : 1,
          predicted: p.predicted,
          edge: p.edge,
          p_over: p.p_over,
          confidence: p.confidence,
          recommendation: p.recommendation,
          p_model: p.p_model ?? null,
          p_final: p.p_final ?? null,
          feature_set_version: p.feature_set_version,
          feature_quality: p.feature_quality,
          as_of: asOf,
          created_at: asOf,
          is_active: true,
        });
      }
      await insertPredictions(store, rows);
    },
    close: () => store.close(),
  };
}
