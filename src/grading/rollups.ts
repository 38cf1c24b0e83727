import type { Logger } from '../config/log.ts';
import type { Config } from '../config/schema.ts';
import { addDays, seasonOf } from '../domain/dates.ts';
import { blockModel } from '../models/index.ts';
import { parseJson, type Queryable, type Store } from '../store/store.ts';
import { type WrittenAlert, writeAlerts } from './alerts.ts';
import { type BlacklistGrade, blacklistForDate, playerGameWinners } from './blacklist.ts';
import { autoDisableAlert, detectAlerts, planAutoDisable } from './decay.ts';
import { type DirectionGrade, directionHealthForDate } from './direction.ts';
import { num } from './load.ts';
import {
  type GradeForRollup,
  type HealthState,
  type ModelInfo,
  type PerformanceRow,
  type PreviousState,
  performanceForDates,
} from './performance.ts';
import { recordProbabilityHealth } from './probability-health.ts';
import { type Regime, type SignalOutcome, signalHealthForDate } from './signals.ts';

/**
 * Rollups (spec 06 §4) recomputed after grading: for the earliest graded date G, G and every
 * later date that has grades or rollup rows, so a late correction reaches every window that
 * contains it. All four tables are replaced for those dates in one transaction. Alerts (§5)
 * follow, only when the latest graded date is among them.
 */

export interface RollupOptions {
  config: Config;
  log: Logger;
  runId: string | null;
  now?: () => Date;
  alerts?: boolean;
  fetchImpl?: typeof fetch;
  missingBox?: Array<{ game_id: string; date: string; tip: string }>;
}

export interface RollupResult {
  dates: string[];
  model_rows: number;
  signal_rows: number;
  blacklist_rows: number;
  direction_rows: number;
  alerts: WrittenAlert[];
  disabled: string[];
}

/** Registry rows. */
export async function loadModels(store: Queryable): Promise<ModelInfo[]> {
  const rows = await store.query('SELECT system_id, family, enabled, is_champion, train_end FROM models');
  return rows.map((r) => ({
    system_id: r.system_id,
    family: r.family ?? null,
    enabled: !!r.enabled,
    is_champion: !!r.is_champion,
    train_end: r.train_end ?? null,
  }));
}

async function seasonStarts(store: Queryable): Promise<Map<number, string>> {
  const rows = await store.query<{ season: number; start: string }>(
    'SELECT season, MIN(game_date) AS start FROM games GROUP BY season',
  );
  return new Map(rows.map((r) => [Number(r.season), r.start]));
}

async function datesToRecompute(
  store: Queryable,
  from: string,
  graded: readonly string[],
): Promise<string[]> {
  const rows = await store.query<{ d: string }>(
    `SELECT DISTINCT game_date AS d FROM prediction_grades WHERE game_date >= $1::DATE
     UNION SELECT DISTINCT game_date AS d FROM pick_grades WHERE game_date >= $1::DATE
     UNION SELECT DISTINCT date AS d FROM model_performance_daily WHERE date >= $1::DATE
     UNION SELECT DISTINCT date AS d FROM signal_health_daily WHERE date >= $1::DATE
     UNION SELECT DISTINCT date AS d FROM player_blacklist_daily WHERE date >= $1::DATE
     UNION SELECT DISTINCT date AS d FROM direction_health_daily WHERE date >= $1::DATE`,
    [from],
  );
  return [...new Set([...graded, ...rows.map((r) => r.d)])].sort();
}

export async function recomputeRollups(
  store: Store,
  gradedDates: readonly string[],
  opts: RollupOptions,
): Promise<RollupResult> {
  const cfg = opts.config;
  const from = [...gradedDates].sort()[0];
  const dates = await datesToRecompute(store, from, gradedDates);
  const to = dates[dates.length - 1];
  const starts = await seasonStarts(store);
  const seasonStart = (d: string) => {
    const s = starts.get(seasonOf(d));
    return s && s <= d ? s : d;
  };
  const seasonFrom = dates.map(seasonStart).sort()[0];

  // model_performance_daily
  const perfGrades = (
    await store.query(
      `SELECT game_date, system_id, family, predicted, line, actual_points, abs_error, signed_error, line_abs_error
       FROM prediction_grades WHERE game_date BETWEEN $1::DATE AND $2::DATE`,
      [addDays(from, -29), to],
    )
  ).map((g) => ({
    ...g,
    predicted: Number(g.predicted),
    line: num(g.line),
    actual_points: num(g.actual_points),
    abs_error: num(g.abs_error),
    signed_error: num(g.signed_error),
    line_abs_error: num(g.line_abs_error),
  })) as GradeForRollup[];
  const models = await loadModels(store);
  const prevRows = await store.query(
    `SELECT system_id, date, state, state_since, consecutive_days_in_state FROM (
       SELECT *, ROW_NUMBER() OVER (PARTITION BY system_id ORDER BY date DESC) AS rn
       FROM model_performance_daily WHERE date < $1::DATE) t WHERE rn = 1`,
    [from],
  );
  const prev = new Map<string, PreviousState>(
    prevRows.map((r) => [
      r.system_id,
      {
        date: r.date,
        state: r.state as HealthState,
        state_since: r.state_since,
        consecutive_days_in_state: Number(r.consecutive_days_in_state),
      },
    ]),
  );
  const perf = performanceForDates(dates, perfGrades, models, prev, cfg.grading.health);

  // signal_health_daily
  const signalRows: ReturnType<typeof signalHealthForDate> = [];
  const cands = await store.query(
    `SELECT c.date AS game_date, c.signals, g.result
     FROM best_bets_candidates c
     LEFT JOIN prediction_grades g
       ON g.system_id = c.system_id AND g.game_id = c.game_id AND g.player_id = c.player_id
     WHERE c.date BETWEEN $1::DATE AND $2::DATE`,
    [seasonFrom, to],
  );
  const outcomes: SignalOutcome[] = cands.map((c) => ({
    game_date: c.game_date,
    result: c.result ?? null,
    tags: tagsOf(c.signals),
  }));
  const prevSig = new Map<string, { regime: Regime; days_in_regime: number }>(
    (
      await store.query(
        `SELECT tag, regime, days_in_regime FROM (
           SELECT *, ROW_NUMBER() OVER (PARTITION BY tag ORDER BY date DESC) AS rn
           FROM signal_health_daily WHERE date < $1::DATE) t WHERE rn = 1`,
        [from],
      )
    ).map((r) => [r.tag, { regime: r.regime, days_in_regime: Number(r.days_in_regime) }]),
  );
  for (const d of dates) {
    const start = seasonStart(d);
    const tags = new Set<string>();
    for (const o of outcomes)
      if (o.game_date >= start && o.game_date <= d) for (const t of o.tags) tags.add(t);
    const rows = signalHealthForDate(d, start, outcomes, tags, prevSig, cfg.grading.health.signalRegime);
    for (const r of rows) prevSig.set(r.tag, { regime: r.regime, days_in_regime: r.days_in_regime });
    signalRows.push(...rows);
  }

  // player_blacklist_daily: the winning prediction per player-game is picked in SQL.
  const bl = blacklistConfig(cfg);
  const winners = playerGameWinners(
    (
      await store.query(
        `SELECT game_date, game_id, player_id, system_id, recommendation, line, edge, confidence, result FROM (
           SELECT g.*, ROW_NUMBER() OVER (
             PARTITION BY game_id, player_id ORDER BY ABS(edge) DESC, confidence DESC NULLS LAST, system_id) AS rn
           FROM prediction_grades g
           WHERE game_date BETWEEN $1::DATE AND $2::DATE AND recommendation IN ('OVER', 'UNDER')
             AND line IS NOT NULL AND edge IS NOT NULL AND result NOT IN ('VOID', 'NO_BET')) t
         WHERE rn = 1`,
        [seasonFrom, to],
      )
    ).map((g) => ({
      ...g,
      player_id: Number(g.player_id),
      line: num(g.line),
      edge: num(g.edge),
      confidence: num(g.confidence),
    })) as BlacklistGrade[],
  );
  const lookups = new Map<number, string>(
    (
      await store.query<{ player_id: number; player_lookup: string }>(
        `SELECT player_id, player_lookup FROM players WHERE player_id IN (
           SELECT DISTINCT player_id FROM prediction_grades WHERE game_date BETWEEN $1::DATE AND $2::DATE)`,
        [seasonFrom, to],
      )
    ).map((r) => [Number(r.player_id), r.player_lookup]),
  );
  const blacklistRows = dates.flatMap((d) => blacklistForDate(d, seasonStart(d), winners, lookups, bl));

  // direction_health_daily
  const win = cfg.grading.health.directionWindowDays;
  const pickRows = (await store.query(
    'SELECT game_date, direction, result FROM pick_grades WHERE game_date BETWEEN $1::DATE AND $2::DATE',
    [addDays(from, -(win - 1)), to],
  )) as DirectionGrade[];
  const directionRows = dates.flatMap((d) => directionHealthForDate(d, pickRows, win));

  const computedAt = (opts.now ?? (() => new Date()))().toISOString();
  await store.transaction(async (tx) => {
    for (const t of [
      'model_performance_daily',
      'signal_health_daily',
      'player_blacklist_daily',
      'direction_health_daily',
    ]) {
      await tx.run(`DELETE FROM ${t} WHERE date BETWEEN $1::DATE AND $2::DATE`, [from, to]);
    }
    await insertRows(tx, 'model_performance_daily', perf, computedAt);
    await insertRows(tx, 'signal_health_daily', signalRows, computedAt);
    await insertRows(tx, 'player_blacklist_daily', blacklistRows, computedAt);
    await insertRows(tx, 'direction_health_daily', directionRows, computedAt);
  });

  const result: RollupResult = {
    dates,
    model_rows: perf.length,
    signal_rows: signalRows.length,
    blacklist_rows: blacklistRows.length,
    direction_rows: directionRows.length,
    alerts: [],
    disabled: [],
  };
  if (opts.alerts !== false) {
    const latest = await store.query<{ d: string | null }>(
      `SELECT MAX(d) AS d FROM (SELECT MAX(game_date) AS d FROM prediction_grades
                                UNION ALL SELECT MAX(game_date) AS d FROM pick_grades) t`,
    );
    const latestDate = latest[0]?.d ?? null;
    if (latestDate && dates.includes(latestDate)) {
      const out = await raiseAlerts(store, latestDate, perf, models, opts);
      result.alerts = out.alerts;
      result.disabled = out.disabled;
    }
  }
  return result;
}

function tagsOf(signals: unknown): string[] {
  const list = parseJson<unknown[]>(signals) ?? [];
  if (!Array.isArray(list)) return [];
  return list
    .map((s) => (typeof s === 'string' ? s : (s as { tag?: string })?.tag))
    .filter((t): t is string => typeof t === 'string');
}

/** bestbets.blacklist.* (05-best-bets §13), with the spec defaults until that group declares them. */
export function blacklistConfig(cfg: Config): { minEdge: number; minN: number; hrBelow: number } {
  const b = (cfg.bestbets as { blacklist?: Partial<{ minEdge: number; minN: number; hrBelow: number }> })
    .blacklist;
  return { minEdge: b?.minEdge ?? 3, minN: b?.minN ?? 8, hrBelow: b?.hrBelow ?? 40 };
}

/** models.registry.minEnabled (03-models §6), default 3 until that group declares it. */
export function minEnabledModels(cfg: Config): number {
  return (cfg.models as { registry?: { minEnabled?: number } }).registry?.minEnabled ?? 3;
}

async function insertRows(tx: Queryable, table: string, rows: readonly object[], computedAt: string) {
  if (!rows.length) return;
  const cols = Object.keys(rows[0]);
  await tx.insertMany(
    table,
    [...cols, 'computed_at'],
    rows.map((r) => [...cols.map((c) => (r as Record<string, unknown>)[c]), computedAt]),
  );
}

async function raiseAlerts(
  store: Store,
  date: string,
  perf: readonly PerformanceRow[],
  models: ModelInfo[],
  opts: RollupOptions,
): Promise<{ alerts: WrittenAlert[]; disabled: string[] }> {
  const cfg = opts.config;
  const now = (opts.now ?? (() => new Date()))();
  const rows = perf.filter((r) => r.date === date);
  const drafts = detectAlerts({ date, rows, models, missingBox: opts.missingBox ?? [], now }, cfg.grading);
  const plan = planAutoDisable(rows, models, cfg.models.registry.minEnabled, cfg.grading.health.autoDisable);
  const disabled: string[] = [];
  for (const p of plan) {
    // Through the registry's own rules (status log, floor re-checked in its transaction).
    const keptEnabled = await blockModel(store, p.system_id, cfg.models.registry, p.reason, now);
    if (keptEnabled) {
      opts.log.warn({ system_id: p.system_id }, 'auto-disable: the floor of enabled models keeps it enabled');
      continue;
    }
    disabled.push(p.system_id);
    drafts.push(autoDisableAlert(date, p));
  }
  // A model whose p_final the market beat over the last 14 days (probabilities issue).
  drafts.push(...(await recordProbabilityHealth(store, date, cfg)));
  const alerts = await writeAlerts(store, drafts, {
    runId: opts.runId,
    now,
    webhookUrl: cfg.grading.alerts.webhookUrl ?? null,
    webhookTimeoutMs: cfg.grading.alerts.webhookTimeoutMs,
    fetchImpl: opts.fetchImpl,
    log: opts.log,
  });
  return { alerts, disabled };
}
