// `npm run bench -- import [--memory]`: all of ../shared/data/real imported into a fresh
// embedded DuckDB store (a temp file by default, as users run it), then imported again (must
// insert nothing). Prints one JSON line.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuUsage } from 'node:process';
import { loadConfig } from '../src/config/load.ts';
import { importRecorded as importFiles } from '../src/orchestrate/ingest.ts';
import { DuckDBStore } from '../src/store/duckdb/duckdb-store.ts';
import { migrate } from '../src/store/migrate.ts';
import { hasRealData, REAL_DATA_DIR } from '../test/helpers/real-data.ts';

if (!hasRealData) {
  process.stdout.write(
    `${JSON.stringify({ bench: 'import', skipped: `real data absent at ${REAL_DATA_DIR}` })}\n`,
  );
  process.exit(0);
}
const memory = process.argv.includes('--memory');
const dir = mkdtempSync(join(tmpdir(), 'courtedge-bench-import-'));
const store = await DuckDBStore.open(memory ? ':memory:' : join(dir, 'bench.duckdb'));
await migrate(store);
const { config, hash } = loadConfig({ env: {} });
const opts = { paths: [REAL_DATA_DIR], configHash: hash, identity: config.identity };
const cpu0 = cpuUsage();
const t0 = performance.now();
const first = await importFiles(store, opts);
const t1 = performance.now();
const cpu1 = cpuUsage(cpu0);
const second = await importFiles(store, opts);
const t2 = performance.now();
const rows = Object.fromEntries(
  await Promise.all(
    ['games', 'team_box_scores', 'box_scores', 'players', 'prop_lines', 'rejected_rows', 'raw_payloads'].map(
      async (t) => {
        const [r] = await store.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${t}`);
        return [t, r.n] as const;
      },
    ),
  ),
);
await store.close();
rmSync(dir, { recursive: true, force: true });
const seconds = Math.round(t1 - t0) / 1000;
process.stdout.write(
  `${JSON.stringify({
    bench: 'import',
    store: memory ? 'duckdb-memory' : 'duckdb-file',
    files: first.files,
    read: first.read,
    inserted: first.inserted,
    rejected: first.rejected,
    skipped: first.skipped,
    rows,
    seconds,
    rows_per_s: Math.round(first.read / seconds),
    cpu_seconds: Math.round((cpu1.user + cpu1.system) / 1000) / 1000,
    reimport_seconds: Math.round(t2 - t1) / 1000,
    reimport_inserted: second.inserted,
    match_rate_all: first.player_points_match_rate_all,
    match_rate_covered: first.player_points_match_rate_covered,
    load_average: Math.round((await import('node:os')).loadavg()[0] * 10) / 10,
    target_seconds: 10,
  })}\n`,
);
