import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, test } from 'node:test';
import { exportDate, publishAfter } from '../../src/orchestrate/publish.ts';
import { manifestSchema, schemaForPath, sha256Hex } from '../../src/publish/index.ts';
import { listRuns } from '../../src/store/runs.ts';
import {
  FIXTURE_DATE,
  HALTED_DAY,
  NO_PICKS_DAY,
  NOT_RUN_DAY,
  type PublishFixture,
  publishFixture,
  WITHDRAWN_DAY,
} from './fixture.ts';

let fx: PublishFixture;
const tmp: string[] = [];

before(async () => {
  fx = await publishFixture();
});
after(async () => {
  await fx?.close();
  for (const d of tmp) rmSync(d, { recursive: true, force: true });
});

function files(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(root, p));
    }
  };
  walk(root);
  return out.sort();
}
const read = (dir: string, path: string) => JSON.parse(readFileSync(join(dir, path), 'utf8'));
const newDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'courtedge-pub-'));
  tmp.push(d);
  return d;
};

test('courtedge export writes every file of spec 07 §2 and each validates against its strict schema', () => {
  const written = files(fx.dir);
  const expected = [
    'v1/admin/dashboard.json',
    `v1/admin/picks/${FIXTURE_DATE}.json`,
    'v1/best-bets/all.json',
    'v1/manifest.json',
    'v1/models/health.json',
    `v1/predictions/${FIXTURE_DATE}.json`,
    `v1/results/${FIXTURE_DATE}.json`,
    `v1/signal-best-bets/${FIXTURE_DATE}.json`,
    'v1/signal-best-bets/latest.json',
    ...fx.slate.map((l) => `v1/players/${l}.json`),
  ].sort();
  assert.deepEqual(written, expected);
  assert.equal(fx.slate.length, 24);
  for (const path of written) {
    const schema = schemaForPath(path);
    assert.ok(schema, path);
    const r = schema.safeParse(read(fx.dir, path));
    assert.ok(r.success, `${path}: ${r.success ? '' : JSON.stringify(r.error.issues[0])}`);
  }
  assert.deepEqual(
    fx.export.files.map((f) => f.path).sort(),
    expected.filter((p) => p !== 'v1/manifest.json'),
  );
});

test('all.json: the record agrees with the designed season as graded by src/grading', () => {
  const all = read(fx.dir, 'v1/best-bets/all.json');
  const active = fx.truth.filter((t) => t.status === 'active');
  const n = (r: string) => active.filter((t) => t.result === r).length;
  assert.equal(all.date, FIXTURE_DATE);
  assert.equal(all.season, '2025-26');
  assert.equal(all.generated_at, fx.generatedAt);
  assert.deepEqual(
    [all.record.season.wins, all.record.season.losses, all.record.season.pushes, all.record.season.voided],
    [n('WIN'), n('LOSS'), n('PUSH'), n('VOID')],
  );
  assert.deepEqual(all.counts, {
    total: active.length,
    graded: n('WIN') + n('LOSS') + n('PUSH'),
    pending: active.filter((t) => t.result === null).length,
    voided: n('VOID'),
    withdrawn: fx.truth.filter((t) => t.status === 'withdrawn').length,
  });
  assert.equal(all.counts.withdrawn, 1);
  // Every pick's published result is the designed one.
  const shown = all.weeks.flatMap((w: any) =>
    w.days.flatMap((d: any) => d.picks.map((p: any) => ({ ...p, date: d.date }))),
  );
  assert.equal(shown.length, fx.truth.length);
  for (const t of fx.truth) {
    const p = shown.find(
      (x: any) => x.date === t.date && x.game_id === t.game_id && x.player_id === String(t.player_id),
    );
    assert.ok(p, `${t.date} ${t.player_lookup}`);
    assert.equal(p.result, t.result, `${t.date} ${t.player_lookup}`);
    assert.equal(p.status, t.status);
    assert.equal(p.ultra, t.ultra);
  }
  const ultra = active.filter((t) => t.ultra);
  assert.equal(all.ultra_record.overall.wins, ultra.filter((t) => t.result === 'WIN').length);
  // October picks count (season window from 1 October).
  assert.ok(all.weeks.at(-1).days.at(-1).date.startsWith('2025-10'));
});

test('all.json: days listed only with a run; halted, no-picks, withdrawn and pending days', () => {
  const all = read(fx.dir, 'v1/best-bets/all.json');
  const days = new Map<string, any>(all.weeks.flatMap((w: any) => w.days.map((d: any) => [d.date, d])));
  assert.equal(days.has(NOT_RUN_DAY), false);
  assert.equal(days.get(HALTED_DAY).status, 'no_picks');
  assert.deepEqual(days.get(HALTED_DAY).halt, {
    active: true,
    state: 'manual',
    reason: 'books pulled props after trade news',
    since: `${HALTED_DAY}T15:00:00Z`,
  });
  assert.equal(days.get(NO_PICKS_DAY).status, 'no_picks');
  assert.equal(days.get(NO_PICKS_DAY).halt.active, false);
  const w = days.get(WITHDRAWN_DAY).picks.find((p: any) => p.status === 'withdrawn');
  assert.equal(w.withdraw_reason, 'edge fell to 4.6 after injury news');
  assert.equal(days.get(FIXTURE_DATE).status, 'pending');
  assert.equal(all.today.status, 'pending');
  assert.ok(all.today.picks.every((p: any) => p.status === 'active'));
  // Weeks newest first, Monday starts, today included.
  assert.equal(all.weeks[0].week_start, '2025-11-17');
  const starts = all.weeks.map((x: any) => x.week_start);
  assert.deepEqual(starts, [...starts].sort().reverse());
  // The statuses the grader's results imply.
  for (const d of days.values()) {
    const act = d.picks.filter((p: any) => p.status === 'active');
    if (!act.length) assert.equal(d.status, 'no_picks');
    else if (act.some((p: any) => p.result === null)) assert.equal(d.status, 'pending');
  }
});

test('signal-best-bets, latest.json, dashboard and admin picks of D', () => {
  const sig = readFileSync(join(fx.dir, `v1/signal-best-bets/${FIXTURE_DATE}.json`));
  const latest = readFileSync(join(fx.dir, 'v1/signal-best-bets/latest.json'));
  assert.ok(sig.equals(latest), 'latest.json holds D (the newest run date ≤ today)');
  const s = JSON.parse(sig.toString());
  assert.equal(s.status, 'published');
  assert.equal(s.total_picks, fx.truth.filter((t) => t.date === FIXTURE_DATE).length);
  assert.equal(s.signals_evaluated.length, 11);
  const dash = read(fx.dir, 'v1/admin/dashboard.json');
  assert.deepEqual(dash.today_picks, dash.picks);
  assert.equal(dash.config_hash, 'fixturehash');
  assert.equal(dash.model_health.length, 2);
  assert.ok(
    dash.model_health.every((m: any) => m.w30d.n > 0),
    'rollups of the real grader',
  );
  assert.equal(dash.latest_batch.status, 'complete');
  assert.ok(dash.pipeline_runs.length > 0 && dash.pipeline_runs.length <= 20);
  assert.equal(dash.picks[0].angles[0].startsWith('ULTRA:'), true, 'admin keeps the ULTRA angle');
  assert.equal(
    s.picks[0].angles.some((a: string) => a.startsWith('ULTRA:')),
    false,
    'gate unmet: no ULTRA angle',
  );
  const ap = read(fx.dir, `v1/admin/picks/${FIXTURE_DATE}.json`);
  assert.equal(ap.total_candidates, ap.candidates.length);
  const edges = ap.candidates.map((c: any) => c.edge);
  assert.deepEqual(
    edges,
    [...edges].sort((a: number, b: number) => b - a),
  );
  assert.equal(ap.candidates.filter((c: any) => c.rank !== null).length, s.total_picks);
});

test('predictions, results, models health and player files of D', () => {
  const pr = read(fx.dir, `v1/predictions/${FIXTURE_DATE}.json`);
  assert.equal(pr.games.length, 2);
  assert.ok(pr.games.every((g: any) => g.status === 'scheduled'));
  assert.equal(pr.players.length, 24);
  assert.ok(pr.players.every((p: any) => p.predictions.length === 2 && p.summary.models === 2));
  const res = read(fx.dir, `v1/results/${FIXTURE_DATE}.json`);
  assert.deepEqual([res.status, res.games_final, res.games_total], ['not_started', 0, 2]);
  const mh = read(fx.dir, 'v1/models/health.json');
  assert.equal(mh.models.length, 2);
  assert.ok(mh.models.every((m: any) => m.calibration.length === 10 && m.series.length > 0));
  assert.deepEqual(
    mh.families.map((f: any) => [f.family, f.enabled_models]),
    [
      ['v12', 1],
      ['v9', 1],
    ],
  );
  for (const lookup of fx.slate) {
    const p = read(fx.dir, `v1/players/${lookup}.json`);
    assert.equal(p.player_lookup, lookup);
    assert.ok(p.games.length > 0 && p.games.length <= 20);
    const dates = p.games.map((g: any) => g.date);
    assert.deepEqual(dates, [...dates].sort(), 'oldest first');
    assert.equal(p.upcoming.date, FIXTURE_DATE);
    assert.equal(p.upcoming.predictions.length, 2);
  }
});

test('manifest: every entry matches the bytes on disk; an exports row per file; a publish run row', async () => {
  const m = manifestSchema.parse(read(fx.dir, 'v1/manifest.json'));
  const onDisk = files(fx.dir).filter((p) => p !== 'v1/manifest.json');
  assert.deepEqual(
    m.files.map((f) => f.path),
    onDisk,
  );
  for (const e of m.files) {
    const bytes = readFileSync(join(fx.dir, e.path));
    assert.equal(e.sha256, sha256Hex(bytes), e.path);
    assert.equal(e.bytes, bytes.length, e.path);
    assert.equal(e.schema_version, 1);
  }
  assert.equal(m.files.find((f) => f.path === 'v1/admin/dashboard.json')?.cache_control, 'private, no-store');
  assert.equal(
    m.files.find((f) => f.path === 'v1/players/bosplayer1.json')?.cache_control,
    'public, max-age=3600',
  );
  assert.equal(
    m.files.find((f) => f.path === 'v1/signal-best-bets/latest.json')?.cache_control,
    'public, max-age=60',
  );
  const rows = await fx.store.query<{
    path: string;
    sha256: string;
    bytes: number;
    run_id: string;
    date: string;
  }>('SELECT path, sha256, bytes, run_id, date FROM exports ORDER BY path');
  assert.equal(rows.length, m.files.length + 1);
  for (const r of rows) {
    const bytes = readFileSync(join(fx.dir, r.path));
    assert.equal(r.sha256, sha256Hex(bytes));
    assert.equal(Number(r.bytes), bytes.length);
    assert.equal(r.run_id, fx.export.run_id);
  }
  const run = (await listRuns(fx.store, { phase: 'publish' })).find((r) => r.run_id === fx.export.run_id);
  assert.equal(run?.status, 'succeeded');
  assert.equal(run?.date, FIXTURE_DATE);
  assert.equal(run?.counts?.reason, 'on_demand');
  assert.equal(run?.counts?.files, fx.export.files.length);
  // Shown picks are part of the record from now on.
  const unpublished = await fx.store.query(
    "SELECT COUNT(*) AS n FROM best_bets_picks WHERE status = 'active' AND published_at IS NULL",
  );
  assert.equal(Number(unpublished[0].n), 0);
});

test('re-export for the same data and generated_at gives byte-identical files', async () => {
  const dir = newDir();
  const again = await exportDate(fx.app, { date: FIXTURE_DATE, out: dir, generatedAt: fx.generatedAt });
  assert.deepEqual(again.files, fx.export.files);
  for (const f of again.files) {
    assert.ok(readFileSync(join(dir, f.path)).equals(readFileSync(join(fx.dir, f.path))), f.path);
  }
});

test('publishAfter writes the subset of its trigger and merges the manifest', async () => {
  const dir = newDir();
  const first = await publishAfter(fx.app, {
    date: FIXTURE_DATE,
    reason: 'models',
    out: dir,
    generatedAt: fx.generatedAt,
  });
  assert.deepEqual(first.files.map((f) => f.path).sort(), [
    'v1/admin/dashboard.json',
    'v1/models/health.json',
  ]);
  const graded = await publishAfter(fx.app, {
    date: '2025-11-19',
    reason: 'grade',
    out: dir,
    generatedAt: fx.generatedAt,
  });
  const paths = graded.files.map((f) => f.path);
  assert.ok(paths.includes('v1/results/2025-11-19.json'));
  assert.ok(paths.includes('v1/best-bets/all.json'));
  assert.ok(!paths.includes('v1/predictions/2025-11-19.json'));
  // Graded players of 11-19 only (the other half of the league played).
  assert.ok(paths.filter((p) => p.startsWith('v1/players/')).every((p) => /(mia|phi|gsw|phx)player/.test(p)));
  const res = read(dir, 'v1/results/2025-11-19.json');
  assert.equal(res.status, 'complete');
  // Every game of 11-19 graded: the dated files of that date may be cached for a day.
  const cache = new Map(
    manifestSchema.parse(read(dir, 'v1/manifest.json')).files.map((f) => [f.path, f.cache_control]),
  );
  assert.equal(cache.get('v1/results/2025-11-19.json'), 'public, max-age=86400');
  assert.equal(cache.get('v1/signal-best-bets/2025-11-19.json'), 'public, max-age=86400');
  assert.equal(cache.get('v1/best-bets/all.json'), 'public, max-age=300');
  assert.equal(graded.as_of, FIXTURE_DATE, 'current files stay as of the newest run');
  assert.equal(read(dir, 'v1/best-bets/all.json').date, FIXTURE_DATE);
  const m = manifestSchema.parse(read(dir, 'v1/manifest.json'));
  assert.ok(m.files.some((f) => f.path === 'v1/models/health.json'));
  assert.ok(m.files.some((f) => f.path === 'v1/results/2025-11-19.json'));
  const runs = await listRuns(fx.store, { phase: 'publish' });
  assert.deepEqual(
    runs.slice(0, 2).map((r) => r.counts?.reason),
    ['post_grading', 'post_models'],
  );
});

test('set-based loading: one publish run issues a fixed number of queries, not one per player or date', async () => {
  let queries = 0;
  const counting = new Proxy(fx.store, {
    get(target, prop, recv) {
      const v = Reflect.get(target, prop, recv);
      if (prop === 'query' || prop === 'run' || prop === 'insertMany') {
        return (...args: unknown[]) => {
          queries++;
          return (v as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  // As on a first export: nothing published yet.
  await fx.store.run('UPDATE best_bets_picks SET published_at = NULL');
  const dir = newDir();
  const r = await exportDate(
    { ...fx.app, store: counting },
    { date: FIXTURE_DATE, out: dir, generatedAt: fx.generatedAt },
  );
  assert.equal(r.files.length, 8 + 24);
  // 21 loads + store kind/clock + pipeline_runs open/close + exports upsert: 32 files, ≤ 30 statements.
  assert.ok(queries <= 30, `${queries} statements for ${r.files.length} files`);
  const unpublished = await fx.store.query(
    "SELECT COUNT(*) AS n FROM best_bets_picks WHERE status = 'active' AND published_at IS NULL",
  );
  assert.equal(Number(unpublished[0].n), 0);
});

test('a file failing its schema is not written; the run fails naming file and key', async () => {
  const dir = newDir();
  await fx.store.run(
    "UPDATE best_bets_picks SET direction = 'SIDEWAYS' WHERE date = '2025-11-20'::DATE AND rank = 1",
  );
  try {
    await assert.rejects(
      exportDate(fx.app, { date: FIXTURE_DATE, out: dir, generatedAt: fx.generatedAt }),
      (e: Error) => {
        assert.match(e.message, /v1\/best-bets\/all\.json: today\.picks\.0\.direction/);
        return true;
      },
    );
    const written = files(dir);
    assert.ok(!written.includes('v1/best-bets/all.json'));
    assert.ok(written.includes('v1/models/health.json'), 'the valid files are written');
    assert.ok(written.includes('v1/manifest.json'));
    const run = (await listRuns(fx.store, { phase: 'publish', limit: 1 }))[0];
    assert.equal(run.status, 'failed');
    assert.match(run.error ?? '', /best-bets\/all\.json/);
  } finally {
    await fx.store.run(
      "UPDATE best_bets_picks SET direction = 'OVER' WHERE date = '2025-11-20'::DATE AND rank = 1 AND direction = 'SIDEWAYS'",
    );
  }
});
