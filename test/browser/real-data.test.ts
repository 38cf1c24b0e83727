// The site on the real data (../shared/data/real), when present: the real pipeline through the
// CLI on a temp DuckDB file — import everything, then `backfill` 2025-11-03 … 2025-11-09 with a
// small model configuration (two families, 150 rounds) so there are trained models, graded days
// and a "today" — published to a temp export directory and served by the real server.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DuckDBStore } from '../../src/store/duckdb/duckdb-store.ts';
import { runCliAsync } from '../helpers/cli.ts';
import { REAL_DATA_DIR, realDataSkip } from '../helpers/real-data.ts';
import { type Launched, launch } from './helpers/browser.ts';
import { checkAdmin, checkBestBets, checkHistory, checkModels, checkPlayer } from './helpers/checks.ts';
import { type Site, startSite } from './helpers/site.ts';

const FROM = '2025-11-03';
const TO = '2025-11-09';
const ENV = {
  COURTEDGE_LOG_LEVEL: 'error',
  // 00-decisions' real-data recipe: the real player logs hold regular-season games only
  COURTEDGE_MODELS_TRAINING_SEASON_TYPES: '["regular"]',
  COURTEDGE_MODELS_FAMILIES: JSON.stringify([
    { name: 'v9', featureSet: 'v9', loss: 'l2', minEdge: 3, enabled: true },
    { name: 'v12', featureSet: 'v12', loss: 'l2', minEdge: 3, enabled: true },
  ]),
  COURTEDGE_MODELS_GBDT_MAX_ROUNDS: '150',
  COURTEDGE_MODELS_GBDT_LEARNING_RATE: '0.1',
};

let tmp = '';
let chrome: Launched;
let store: DuckDBStore;
let site: Site;

before(
  async () => {
    if (realDataSkip) return;
    tmp = mkdtempSync(join(tmpdir(), 'courtedge-web-real-'));
    const db = join(tmp, 'real.duckdb');
    const exportDir = join(tmp, 'exports');
    const env = { ...ENV, COURTEDGE_STORE: db, COURTEDGE_PUBLISH_DIR: exportDir };
    for (const args of [
      ['init'],
      ['import', join(REAL_DATA_DIR, 'nba_api'), join(REAL_DATA_DIR, 'odds_api')],
      ['backfill', '--from', FROM, '--to', TO],
    ]) {
      const r = await runCliAsync(args, env, tmp);
      assert.equal(r.code, 0, `courtedge ${args.join(' ')}: ${r.stderr.slice(-2000)}`);
    }
    assert.ok(existsSync(join(exportDir, 'v1', 'best-bets', 'all.json')), 'backfill published all.json');
    store = await DuckDBStore.open(db);
    chrome = await launch();
    site = await startSite({ exportDir, store });
  },
  { timeout: 290_000 },
);
after(async () => {
  await site?.close();
  await store?.close();
  await chrome?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const T = { timeout: 120_000, skip: realDataSkip };

test('real data: Best Bets, History, Models, Player, Admin', T, async () => {
  const all = site.json('best-bets/all.json');
  assert.equal(all.date, TO);
  assert.ok(all.counts.graded > 0, 'graded picks on the real days');
  await checkBestBets(chrome.browser, site, 'real');
  await checkHistory(chrome.browser, site, 'real');
  await checkModels(chrome.browser, site, 'real');
  const lookup =
    all.today.picks[0]?.player_lookup ??
    readdirSync(join(site.exportDir, 'v1', 'players'))[0].replace(/\.json$/, '');
  await checkPlayer(chrome.browser, site, lookup, 'real');
  await checkAdmin(chrome.browser, site, 'real');
});
