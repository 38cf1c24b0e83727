// `npm run bench -- features`: one builder call over a simulated season (30 teams, ~26k
// player-games), cutoff = tip for every date, embedded DuckDB. Prints one JSON line.
import { loadavg } from 'node:os';
import { loadConfig } from '../src/config/load.ts';
import { addDays } from '../src/domain/dates.ts';
import { buildFeaturesRecorded as buildFeatures } from '../src/orchestrate/features.ts';
import { openMemoryStore } from '../src/store/open.ts';
import { insertLeague, simulateLeague } from '../test/features/league.ts';

const days = Number(process.argv[2] ?? 175);
const { config } = loadConfig({ env: {} });
const store = await openMemoryStore();
const t0 = performance.now();
const league = simulateLeague({ teams: 30, days, seed: 7, playersPerTeam: 9 });
await insertLeague(store, league);
const tIngest = performance.now();
const from = '2024-10-22';
const to = addDays(from, days - 1);
const cpu0 = process.cpuUsage();
const build = await buildFeatures(store, { from, to, cutoff: 'tipoff', config });
const cpu = process.cpuUsage(cpu0);
const tBuild = performance.now();
await store.close();
const s = build.summary;
process.stdout.write(
  `${JSON.stringify({
    bench: 'features',
    store: 'duckdb-memory',
    dates: s.dates,
    player_games: s.player_games,
    rows: s.rows,
    quality_ready: s.quality_ready,
    ready_share: Object.fromEntries(
      Object.entries(s.by_set).map(([k, v]) => [
        k,
        Math.round((v.ready / Math.max(1, v.rows)) * 1000) / 1000,
      ]),
    ),
    feature_range: s.feature_range,
    build_seconds: Math.round(tBuild - tIngest) / 1000,
    timings_ms: s.timings_ms,
    // CPU of this process during the build (DuckDB threads included); the wall time above
    // depends on what else the 2 shared cores are doing.
    build_cpu_seconds: Math.round((cpu.user + cpu.system) / 1000) / 1000,
    load_average_1m: Math.round(loadavg()[0] * 10) / 10,
    setup_seconds: Math.round(tIngest - t0) / 1000,
    target_seconds: 10,
  })}\n`,
);
