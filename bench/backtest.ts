/**
 * `npm run bench -- backtest`: a walk-forward backtest of one simulated season (spec 03 §9;
 * target < 5 minutes on 2 cores). Simulates `seasons` (default 2) seasons into an in-memory
 * store (not timed), then times the backtest of the last season — feature builds included —
 * with every default family. Prints one JSON line.
 * Options: --seasons N, --teams N, --families a,b, --from D, --to D.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { createLogger } from '../src/config/log.ts';
import { configSchema } from '../src/config/schema.ts';
import { addDays } from '../src/domain/dates.ts';
import { backtestJson, runBacktest } from '../src/models/backtest.ts';
import { buildFeaturesRecorded as buildFeatures } from '../src/orchestrate/features.ts';
import { simulateInto } from '../src/sources/simulator/run.ts';
import { DuckDBStore } from '../src/store/duckdb/duckdb-store.ts';
import { migrate } from '../src/store/migrate.ts';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};

const config = configSchema.parse({});
const sim = config.simulator;
const seasons = Number(arg('seasons') ?? 2);
const teams = Number(arg('teams') ?? sim.teams);
// The simulated league is cached (git-ignored *.duckdb); features are dropped so every run
// times the backtest's own feature builds.
mkdirSync('bench/.cache', { recursive: true });
const file = `bench/.cache/backtest-sim-${sim.seed}-${seasons}-${teams}.duckdb`;
const cached = existsSync(file);
const store = await DuckDBStore.open(file);
await migrate(store);
const t0 = Date.now();
if (!cached) {
  await simulateInto(store, { seed: sim.seed, seasons, teams, days: sim.days, season: sim.season, to: null });
}
await store.run('DELETE FROM features');
const simSeconds = (Date.now() - t0) / 1000;
const lastDate = (await store.query<{ d: string }>('SELECT MAX(game_date) AS d FROM games'))[0].d;
const lastSeason = (
  await store.query<{ d: string }>(
    'SELECT MIN(game_date) AS d FROM games WHERE season = (SELECT MAX(season) FROM games)',
  )
)[0].d;
// The early-season rule: 5 played games in 60 days, so the first ~10 days have no predictions.
const from = arg('from') ?? addDays(lastSeason, 10);
const to = arg('to') ?? lastDate;
const families = arg('families')?.split(',');
const t1 = Date.now();
const cpu0 = process.cpuUsage();
let featureSeconds = 0;
const r = await runBacktest(store, config, {
  from,
  to,
  families,
  log: createLogger(process.env.BENCH_LOG ?? 'warn'),
  buildFeatures: async (f, t, sets) => {
    const tf = Date.now();
    await buildFeatures(store, { from: f, to: t, cutoff: 'tipoff', sets, config });
    process.stderr.write(`features ${f}…${t} ${((Date.now() - tf) / 1000).toFixed(1)} s\n`);
    featureSeconds += (Date.now() - tf) / 1000;
  },
});
const seconds = (Date.now() - t1) / 1000;
const cpu = process.cpuUsage(cpu0);
// On a shared machine wall time includes waiting for the cores; CPU time says what the work costs.
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const j = backtestJson(r);
console.log(
  JSON.stringify({
    bench: 'backtest',
    from,
    to,
    seconds: Math.round(seconds * 10) / 10,
    cpu_seconds: Math.round(cpuSeconds * 10) / 10,
    feature_build_seconds: Math.round(featureSeconds * 10) / 10,
    load_avg_1m: Math.round(loadavg()[0] * 10) / 10,
    simulate_seconds: cached ? 0 : Math.round(simSeconds * 10) / 10,
    threads: availableParallelism(),
    blocks: r.blocks.length,
    models_trained: r.data.models_trained,
    predictions: r.data.predictions,
    game_days: r.data.game_days,
    target_s: 300,
    pass: seconds < 300,
    families: j.families,
  }),
);
await store.close();
