import assert from 'node:assert/strict';
import { test } from 'node:test';
import { configSchema } from '../../src/config/schema.ts';
import { addDays } from '../../src/domain/dates.ts';
import { resolveFamilies } from '../../src/models/families.ts';
import { baseSystemId, decideSystemId } from '../../src/models/naming.ts';
import { gatePeriod, lastGameDayBefore, windowFor } from '../../src/models/windows.ts';

test('system_id examples of the spec', () => {
  const fams = resolveFamilies(configSchema.parse({}));
  const by = Object.fromEntries(fams.map((f) => [f.name, f]));
  assert.equal(
    baseSystemId(by.v12_noveg_q43.idPrefix, '2025-12-29', '2026-03-01'),
    'gbdt_v12_noveg_q43_train1229_0301',
  );
  assert.equal(
    baseSystemId(by.v9_lowvegas.idPrefix, '2025-12-30', '2026-03-01'),
    'gbdt_v9_lowvegas_train1230_0301',
  );
  assert.equal(baseSystemId(by.v12.idPrefix, '2025-12-29', '2026-03-01'), 'gbdt_v12_train1229_0301');
  assert.equal(by.v9_lowvegas.featureWeights[25], 0.25);
  assert.equal(by.v9_lowvegas.featureWeights[28], 0.25);
  assert.equal(by.v9_lowvegas.featureWeights[0], 1);
  assert.equal(by.v9_q45.params.alpha, 0.45);
  assert.equal(by.v9.params.alpha, undefined);
  // The 8 families of spec 03 §3 plus the residual experiment (probabilities issue), disabled.
  assert.equal(fams.length, 9);
  assert.equal(fams.filter((f) => f.enabled).length, 8);
  assert.equal(by.v12_resid.target, 'residual');
});

test('_YYYY for another year, DUPLICATE_WINDOW, and _r2/_r3 under --force', () => {
  const prev = {
    system_id: 'gbdt_v9_train1229_0301',
    family: 'v9',
    train_start: '2024-12-29',
    train_end: '2025-03-01',
  };
  const d = decideSystemId('v9', 'gbdt_v9', '2025-12-29', '2026-03-01', [prev], false);
  assert.deepEqual(d, { kind: 'new', systemId: 'gbdt_v9_train1229_0301_2026', duplicateOf: null });
  const same = {
    system_id: 'gbdt_v9_train1229_0301_2026',
    family: 'v9',
    train_start: '2025-12-29',
    train_end: '2026-03-01',
  };
  assert.deepEqual(decideSystemId('v9', 'gbdt_v9', '2025-12-29', '2026-03-01', [prev, same], false), {
    kind: 'duplicate',
    systemId: null,
    duplicateOf: 'gbdt_v9_train1229_0301_2026',
  });
  const f1 = decideSystemId('v9', 'gbdt_v9', '2025-12-29', '2026-03-01', [prev, same], true);
  assert.equal(f1.systemId, 'gbdt_v9_train1229_0301_2026_r2');
  const r2 = { ...same, system_id: 'gbdt_v9_train1229_0301_2026_r2' };
  assert.equal(
    decideSystemId('v9', 'gbdt_v9', '2025-12-29', '2026-03-01', [prev, same, r2], true).systemId,
    'gbdt_v9_train1229_0301_2026_r3',
  );
});

test('config refuses a shared id prefix, alpha problems and unknown weighted features', () => {
  const bad = (families: unknown) => configSchema.safeParse({ models: { families } }).success;
  assert.equal(
    bad([
      { name: 'a', featureSet: 'v9', loss: 'l2', minEdge: 3 },
      { name: 'b', featureSet: 'v9', loss: 'l2', minEdge: 3 },
    ]),
    false,
  );
  assert.equal(bad([{ name: 'a', featureSet: 'v9', loss: 'quantile', minEdge: 3 }]), false);
  assert.equal(bad([{ name: 'a', featureSet: 'v9', loss: 'l2', alpha: 0.4, minEdge: 3 }]), false);
  assert.equal(bad([{ name: 'a', featureSet: 'v9', loss: 'quantile', alpha: 0.435, minEdge: 3 }]), false);
  assert.equal(
    bad([
      { name: 'a', featureSet: 'v9', loss: 'l2', minEdge: 3 },
      { name: 'a', featureSet: 'v12', loss: 'l2', minEdge: 3 },
    ]),
    false,
  );
  const cfg = configSchema.parse({
    models: {
      families: [
        {
          name: 'a',
          featureSet: 'v12_noveg',
          loss: 'l2',
          minEdge: 3,
          featureWeights: { vegas_points_line: 0.2 },
        },
      ],
    },
  });
  assert.throws(
    () => resolveFamilies(cfg),
    /weighted feature vegas_points_line is not in feature set v12_noveg/,
  );
  const cfg2 = configSchema.parse({
    models: { families: [{ name: 'a', featureSet: 'v13', loss: 'l2', minEdge: 3 }] },
  });
  assert.throws(() => resolveFamilies(cfg2), /unknown feature set v13/);
});

/** Game days of two seasons: 2024-25 regular to 2025-04-13 with an All-Star gap, then 2025-10-21 on. */
function gameDays(): string[] {
  const out: string[] = [];
  for (let d = '2025-01-20'; d <= '2025-04-13'; d = addDays(d, 1))
    if (d < '2025-02-14' || d > '2025-02-19') out.push(d);
  for (let d = '2025-10-21'; d <= '2025-11-09'; d = addDays(d, 1)) out.push(d);
  return out;
}

test('a window of 56 game days crosses the season boundary and the All-Star break', () => {
  const days = gameDays();
  const w = windowFor(days, '2025-10-30', 56, 0.15)!;
  assert.equal(w.dates.length, 56);
  assert.equal(w.end, '2025-10-30');
  // 10 days of 2025-26 (10-21 … 10-30) + the last 46 of 2024-25: 2025-02-27 … 2025-04-13.
  assert.equal(w.start, '2025-02-27');
  assert.equal(w.valDates.length, 9);
  assert.deepEqual(w.valDates, [
    '2025-10-22',
    '2025-10-23',
    '2025-10-24',
    '2025-10-25',
    '2025-10-26',
    '2025-10-27',
    '2025-10-28',
    '2025-10-29',
    '2025-10-30',
  ]);
  assert.equal(w.trainDates.length, 47);
  assert.ok(
    w.trainDates.every((d) => !w.valDates.includes(d)),
    'a date never straddles the split',
  );
  const ws = windowFor(days, '2025-03-10', 56, 0.15)!;
  assert.equal(ws.start, '2025-01-20'); // 50 days exist before: fewer than W is allowed
  assert.ok(!ws.dates.includes('2025-02-16'), 'All-Star break days are not game days');
  // Window end on a non-game day uses the last game day before it.
  assert.equal(windowFor(days, '2025-10-01', 56, 0.15)!.end, '2025-04-13');
  assert.equal(lastGameDayBefore(days, '2025-10-21'), '2025-04-13');
  assert.deepEqual(gatePeriod(days, '2025-11-05', 14), [
    '2025-11-06',
    '2025-11-07',
    '2025-11-08',
    '2025-11-09',
  ]);
});
