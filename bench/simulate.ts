// `npm run bench -- simulate [teams] [seasons]`: one full simulated season (≈1,230 games)
// generated and ingested into a fresh embedded DuckDB file (spec 01 §11: < 15 s; issue 4: < 30 s
// on 2 cores). Prints one JSON line.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulateInto } from '../src/sources/simulator/run.ts';
import { DuckDBStore } from '../src/store/duckdb/duckdb-store.ts';
import { migrate } from '../src/store/migrate.ts';

const teams = Number(process.argv[2] ?? 30);
const seasons = Number(process.argv[3] ?? 1);
const dir = mkdtempSync(join(tmpdir(), 'courtedge-bench-sim-'));
const store = await DuckDBStore.open(join(dir, 'bench.duckdb'));
try {
  await migrate(store);
  const cpu0 = process.cpuUsage();
  const t0 = Date.now();
  const s = await simulateInto(store, { seed: 42, seasons, teams, days: 174, season: 2031 });
  // The checkpoint that writes the season into the database file is part of the load (the
  // store defers it to the end of a bulk load instead of doing it every 16 MB of log).
  const tc = Date.now();
  await store.run('CHECKPOINT');
  const checkpointS = (Date.now() - tc) / 1000;
  const seconds = (Date.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const rows = s.games + s.box_scores + s.prop_lines + s.injuries;
  process.stdout.write(
    `${JSON.stringify({
      bench: 'simulate',
      teams,
      seasons,
      seconds: Math.round(seconds * 100) / 100,
      cpu_seconds: Math.round((cpu.user + cpu.system) / 1e4) / 100,
      league_s: s.timings.league_ms / 1000,
      ingest_s: s.timings.ingest_ms / 1000,
      calibration_s: s.timings.calibration_ms / 1000,
      checkpoint_s: checkpointS,
      games: s.games,
      box_scores: s.box_scores,
      prop_lines: s.prop_lines,
      injuries: s.injuries,
      payloads: s.payloads,
      rows_per_s: Math.round(rows / seconds),
      calibration: s.calibration,
      digest: s.digest,
      target_s: 15,
      load_average: Math.round(loadavg()[0] * 10) / 10,
    })}\n`,
  );
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
