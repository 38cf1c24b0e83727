// `npm run bench -- demo`: `courtedge demo --no-serve --json` end to end through the shipped
// bin (issue 17: < 45 s on 2 cores; 00-decisions: < 90 s): two seasons simulated, the last four
// weeks backfilled through every phase, exports written, status checked. Prints one JSON line.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'courtedge-bench-demo-'));
try {
  const load0 = loadavg()[0];
  const t0 = performance.now();
  const out = execFileSync(
    process.execPath,
    ['bin/courtedge.js', '--store', join(dir, 'demo.duckdb'), 'demo', '--no-serve', '--json'],
    {
      encoding: 'utf8',
      env: { ...process.env, COURTEDGE_PUBLISH_DIR: join(dir, 'exports') },
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 64 << 20,
    },
  );
  const seconds = (performance.now() - t0) / 1000;
  const r = JSON.parse(out.trim().split('\n').pop()!);
  process.stdout.write(
    `${JSON.stringify({
      bench: 'demo',
      seconds: Math.round(seconds * 10) / 10,
      parts: r.seconds,
      dates: r.backfill?.dates,
      failures: r.backfill?.failures?.length,
      models: r.models,
      predictions: r.predictions,
      picks: r.picks,
      exports: r.exports,
      status_ok: r.status?.ok,
      target_s: 45,
      load_average: [Math.round(load0 * 10) / 10, Math.round(loadavg()[0] * 10) / 10],
    })}\n`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
