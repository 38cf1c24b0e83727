import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createLogger } from '../../src/config/log.ts';
import { runBacktest } from '../../src/models/backtest.ts';
import { createBacktestStore } from '../../src/models/backtest-store.ts';
import type { App } from '../../src/orchestrate/app.ts';
import { backtestDays } from '../../src/orchestrate/backtest-days.ts';
import { tipoffFeatures } from '../../src/orchestrate/features.ts';
import { importPaths } from '../../src/orchestrate/ingest.ts';
import { DirectorySink, filesFor, publish, schemaForPath, sha256Hex } from '../../src/publish/index.ts';
import { openMemoryStore } from '../../src/store/open.ts';
import { REAL_DATA_DIR, realDataSkip } from '../helpers/real-data.ts';
import { fixtureConfig } from './fixture.ts';

/**
 * The exporters on real NBA data: the real files imported, a short walk-forward backtest
 * (v9 + v12, the research view) running best bets and grading day by day on
 * its own store, then every file of the last day published from that store and validated.
 */
test('every export validates on a real-data backtest store (2025-10-30 … 2025-11-03)', {
  skip: realDataSkip,
}, async (t) => {
  const config = fixtureConfig({ models: { training: { seasonTypes: ['regular'] } } });
  const log = createLogger('silent');
  const store = await openMemoryStore();
  const app: App = { store, config, configHash: 'realtest', log };
  const dir = mkdtempSync(join(tmpdir(), 'courtedge-real-pub-'));
  const [from, to] = ['2025-10-30', '2025-11-03'];
  try {
    await importPaths(app, { kind: null, paths: [REAL_DATA_DIR] });
    const bt = await createBacktestStore(store, from, to);
    try {
      const days = backtestDays(bt, { config, configHash: 'realtest', log });
      await runBacktest(store, config, {
        from,
        to,
        families: ['v9', 'v12'],
        allModels: true,
        bestBets: days.bestBets,
        buildFeatures: tipoffFeatures(app),
        log,
      });
      assert.ok(days.graded.graded > 0, 'the backtest graded its predictions');
      const r = await publish(bt.store, {
        date: to,
        today: to,
        config,
        sinks: [new DirectorySink(dir)],
        selection: filesFor('on_demand'),
        generatedAt: '2025-11-04T12:00:00Z',
      });
      assert.ok(r.files.some((f) => f.path.startsWith('v1/players/')));
      for (const f of r.files) {
        const bytes = readFileSync(join(dir, f.path));
        assert.equal(sha256Hex(bytes), f.sha256);
        const parsed = schemaForPath(f.path)?.safeParse(JSON.parse(bytes.toString()));
        assert.ok(parsed?.success, `${f.path}: ${JSON.stringify(parsed?.error?.issues[0])}`);
      }
      const all = JSON.parse(readFileSync(join(dir, 'v1/best-bets/all.json'), 'utf8'));
      assert.equal(all.season, '2025-26');
      // Whether these five days yield picks depends on the models' gates and probabilities
      // (other issues); the record must agree with the grades either way.
      t.diagnostic(`real best bets ${from} … ${to}: ${all.counts.total} picks, ${all.counts.graded} graded`);
      assert.equal(all.counts.total, days.graded.picks.graded + all.counts.pending);
      assert.equal(all.counts.graded + all.counts.pending + all.counts.voided, all.counts.total);
      assert.equal(
        all.record.season.wins + all.record.season.losses + all.record.season.pushes,
        all.counts.graded,
      );
    } finally {
      await bt.close();
    }
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
