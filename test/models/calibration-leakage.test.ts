import assert from 'node:assert/strict';
import { test } from 'node:test';
import { configSchema } from '../../src/config/schema.ts';
import { addDays } from '../../src/domain/dates.ts';
import { blockCalibration } from '../../src/models/calibration/block.ts';
import type { FeatureFrame, Prices } from '../../src/models/data.ts';
import { resolveFamilies } from '../../src/models/families.ts';
import { type FitSettings, fitFamily, predictDates } from '../../src/models/fit.ts';
import type { TrainingWindow } from '../../src/models/windows.ts';
import { rng } from './fixture.ts';

/**
 * Point in time for the probabilities (in the style of the features' leakage test): the
 * combination of a model trained to T is fitted on its twin's rows up to T; altering anything
 * dated after T (outcomes, lines, features) never changes it, altering a row before T can.
 */

const config = configSchema.parse({
  models: { gbdt: { maxRounds: 20, learningRate: 0.3, maxDepth: 3, earlyStoppingRounds: 5 } },
});
const fams = Object.fromEntries(resolveFamilies(config).map((f) => [f.name, f]));
const settings: FitSettings = {
  validationShare: 0.2,
  minTrainRows: 100,
  minValRows: 20,
  refitFullWindow: false,
  clampMax: 70,
  threads: 1,
  conditionalSpread: true,
};
const DATES = Array.from({ length: 40 }, (_, i) => addDays('2025-10-01', i));

/** 40 dates × 30 players; points = line + 3·x0 + noise on lined rows; a third of rows unlined. */
function makeFrame(nCols: number): FeatureFrame {
  const r = rng(5);
  const n = DATES.length * 30;
  const X = new Float32Array(n * nCols);
  const points = new Float64Array(n);
  const line = new Float64Array(n);
  const byDate = new Map<string, number[]>();
  const gameId: string[] = [];
  const playerId: number[] = [];
  const gameDate: string[] = [];
  for (let i = 0; i < n; i++) {
    const d = DATES[Math.floor(i / 30)];
    for (let c = 0; c < nCols; c++) X[i * nCols + c] = r() * 4 - 2;
    const base = 8 + (i % 30);
    X[i * nCols + 2] = base;
    line[i] = i % 3 === 0 ? Number.NaN : base + 0.5;
    points[i] = Math.max(0, Math.round(base + 3 * X[i * nCols] + (r() - 0.5) * 8));
    gameId.push(`g${d}`);
    playerId.push(i % 30);
    gameDate.push(d);
    const l = byDate.get(d);
    if (l) l.push(i);
    else byDate.set(d, [i]);
  }
  return {
    featureSet: 'v12',
    nCols,
    n,
    gameId,
    playerId,
    gameDate,
    X,
    points,
    line,
    quality: new Float64Array(n).fill(100),
    byDate,
    otherHashRows: 0,
  };
}

const win = (dates: string[]): TrainingWindow => ({
  start: dates[0],
  end: dates[dates.length - 1],
  dates,
  trainDates: [],
  valDates: [],
});
const prices = (): Prices => ({ book: 'draftkings', over_price: -115, under_price: -105 });
const T = DATES[29];

test('the p_final fit never reads rows dated after the model’s train end', () => {
  const fam = fams.v12;
  const frame = makeFrame(fam.featureNames.length);
  const twin = fitFamily(frame, fam, win(DATES.slice(0, 20)), settings);
  // The caller passes dates past T on purpose: they must be ignored.
  const input = {
    frame,
    family: fam,
    twin,
    dates: DATES.slice(20, 36),
    trainEnd: T,
    minQuality: 0,
    clampMax: 70,
    prices: () => prices(),
    prior: 1,
  };
  const base = blockCalibration(input);
  assert.ok(base.market.n > 100, `priced rows ${base.market.n}`);
  assert.equal(base.fitted_through, T);
  // Everything dated after T altered: outcomes flipped, lines moved, features scrambled, prices changed.
  const late = makeFrame(fam.featureNames.length);
  for (const d of DATES.slice(30)) {
    for (const i of late.byDate.get(d)!) {
      late.points[i] = late.points[i] > 20 ? 0 : 60;
      late.line[i] = 30.5;
      for (let c = 0; c < late.nCols; c++) late.X[i * late.nCols + c] = -late.X[i * late.nCols + c];
    }
  }
  const after = blockCalibration({
    ...input,
    frame: late,
    prices: (g) => (g > `g${T}` ? { book: 'x', over_price: 300, under_price: -400 } : prices()),
  });
  assert.deepEqual(after, base);
  // Control: altering rows at or before T does change the fit.
  const early = makeFrame(fam.featureNames.length);
  for (const i of early.byDate.get(DATES[25])!) early.points[i] = early.points[i] > 20 ? 0 : 60;
  assert.notDeepEqual(blockCalibration({ ...input, frame: early }), base);
});

test('the residual family learns actual − line on lined rows and predicts line + residual', () => {
  const fam = fams.v12_resid;
  assert.equal(fam.target, 'residual');
  assert.equal(fam.enabled, false);
  const frame = makeFrame(fam.featureNames.length);
  const fit = fitFamily(frame, fam, win(DATES.slice(0, 30)), settings);
  assert.equal(fit.target, 'residual');
  // Only lined rows train or validate: two thirds of 30 dates × 30 players, split by date.
  assert.equal(fit.counts.train_rows + fit.counts.val_rows, 30 * 20);
  const rows = predictDates(
    frame,
    fit.model,
    { q: fit.residualQuantiles, target: 'residual' },
    DATES.slice(30),
    0,
    3,
    70,
  );
  // Unlined rows are not scored; every scored row is line + output, near the truth line + 3·x0.
  assert.equal(rows.length, 10 * 20);
  let err = 0;
  for (const r of rows) {
    assert.notEqual(r.line, null);
    const i = frame.byDate.get(r.game_date)!.find((k) => frame.playerId[k] === r.player_id)!;
    err += Math.abs(r.predicted - (frame.line[i] - 0.5 + 3 * frame.X[i * frame.nCols]));
  }
  assert.ok(err / rows.length < 2.5, `mean error ${err / rows.length}`);
});
