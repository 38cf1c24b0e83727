import { writeFileSync } from 'node:fs';
import { configHash as hashConfig } from '../config/load.ts';
import { playerLookup } from '../domain/names.ts';
import {
  ALL_FEATURES,
  type BuildRequest,
  buildFeatures,
  describeContract,
  FEATURE_SETS,
  type FeatureSetName,
  type FeatureSummary,
  featureNames,
  isFeatureSetName,
  readFeatureRows,
  SET_INDICES,
} from '../features/index.ts';
import { withRun } from '../store/runs.ts';
import type { Store } from '../store/store.ts';
import type { App } from './app.ts';
import { UsageError } from './app.ts';

type Build = Omit<BuildRequest, 'config' | 'log'>;

/**
 * One `features` run: builds (and by default writes) the range's features inside its own
 * pipeline_runs row; a build that writes nothing (`write: false`: explain, dry runs) records no run.
 */
export function buildFeaturesRecorded(store: Store, req: BuildRequest) {
  if (req.write === false) return buildFeatures(store, req, null);
  return withRun(
    store,
    { phase: 'features', date: req.from === req.to ? req.from : null, configHash: featuresHash(req) },
    (run) => buildFeatures(store, req, run),
  );
}

// The features run records the hash of the configuration it was given (as buildFeatures did).
const featuresHash = (req: BuildRequest) => hashConfig(req.config);

/** `courtedge features --date D | --from D1 --to D2`: build and write, return the summary. */
export function features(app: App, req: Build) {
  return buildFeaturesRecorded(app.store, { ...req, config: app.config, log: app.log });
}

/**
 * The one "build the features these dates need" step that training, the backtest and the
 * demo hand to the models phase: tip-off cutoff, one recorded features run per call.
 */
export function tipoffFeatures(app: App) {
  return async (from: string, to: string, sets: FeatureSetName[]): Promise<void> => {
    app.progress?.(`      features ${from} … ${to} (${sets.join(', ')})`);
    await buildFeaturesRecorded(app.store, {
      from,
      to,
      cutoff: 'tipoff',
      sets,
      config: app.config,
      log: app.log,
    });
  };
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** `courtedge features --date D --export FILE.csv`: the date's stored tip-off rows as CSV. */
export async function exportFeatures(app: App, req: { date: string; sets: FeatureSetName[]; file: string }) {
  const rows = await readFeatureRows(app.store, {
    from: req.date,
    to: req.date,
    cutoffKind: 'tipoff',
    sets: req.sets,
  });
  const names = ALL_FEATURES.map((f) => f.name);
  const lines = [['game_id', 'player_id', 'feature_set', ...names].join(',')];
  rows.sort(
    (a, b) =>
      a.game_id.localeCompare(b.game_id) ||
      a.player_id - b.player_id ||
      a.feature_set.localeCompare(b.feature_set),
  );
  for (const r of rows) {
    const byName = new Map(featureNames(r.feature_set).map((n, i) => [n, r.values[i]]));
    lines.push(
      [r.game_id, r.player_id, r.feature_set, ...names.map((n) => csvCell(byName.get(n)))].join(','),
    );
  }
  writeFileSync(req.file, `${lines.join('\n')}\n`);
  return { file: req.file, date: req.date, rows: rows.length };
}

/**
 * `courtedge features --explain --player NAME`: each value of the player's rows on the date
 * with its source and inputs (computed, nothing written).
 */
export async function explainFeatures(
  app: App,
  req: { from: string; to: string; cutoff: 'tipoff' | string; sets: FeatureSetName[]; player: string },
) {
  const wanted = /^\d+$/.test(req.player) ? Number(req.player) : null;
  const ids = wanted
    ? [wanted]
    : (
        await app.store.query<{ player_id: number }>(
          'SELECT player_id FROM players WHERE player_lookup = $1',
          [playerLookup(req.player)],
        )
      ).map((r) => Number(r.player_id));
  if (!ids.length) throw new UsageError(`no player named ${req.player}`, 1);
  const b = await buildFeatures(
    app.store,
    {
      from: req.from,
      to: req.to,
      cutoff: req.cutoff,
      sets: req.sets,
      config: app.config,
      write: false,
      explain: true,
    },
    null,
  );
  const mine = b.computed.filter((c) => ids.includes(c.player_id));
  if (!mine.length) throw new UsageError(`${req.player} is not on the ${req.from} slate`, 1);
  return mine.map((c) => {
    const sets_ = b.rows.filter((r) => r.game_id === c.game_id && r.player_id === c.player_id);
    return {
      game_id: c.game_id,
      player_id: c.player_id,
      team: c.team,
      opponent: c.opponent,
      cutoff_at: c.cutoff_at,
      line_at_cutoff: c.line_at_cutoff,
      quality: Object.fromEntries(
        sets_.map((r) => [
          r.feature_set,
          {
            score: r.quality_score,
            ready: r.is_quality_ready,
            reason: r.reason,
            missing_required: r.missing_required,
          },
        ]),
      ),
      features: ALL_FEATURES.map((f) => ({
        index: f.index,
        name: f.name,
        value: c.values[f.index],
        source: c.values[f.index] === null ? 'missing' : f.tag,
        required: f.required,
        in_sets: FEATURE_SETS.filter((s) => SET_INDICES[s].includes(f.index)),
        inputs: c.notes?.[f.index] ?? null,
      })),
    };
  });
}

export { describeContract, FEATURE_SETS, type FeatureSetName, type FeatureSummary, isFeatureSetName };
