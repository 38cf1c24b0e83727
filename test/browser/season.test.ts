// The site on a backfilled simulated season: test/publish's publishFixture() seeds a month of a
// simulated league, grades it with src/grading and exports it with the real publish use case;
// the real server serves that export directory and web/dist. Every expected value is read from
// the exported JSON (spec 07 §5).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { HALTED_DAY, type PublishFixture, publishFixture } from '../publish/fixture.ts';
import { type Launched, launch } from './helpers/browser.ts';
import {
  checkAdmin,
  checkBestBets,
  checkHistory,
  checkMessage,
  checkModels,
  checkNavigation,
  checkPlayer,
  finish,
  firstLoadJs,
  open,
  text,
} from './helpers/checks.ts';
import { copyExports, type Site, startSite } from './helpers/site.ts';

let chrome: Launched;
let fx: PublishFixture;
let site: Site;

before(async () => {
  chrome = await launch();
  fx = await publishFixture();
  site = await startSite({ exportDir: fx.dir, store: fx.store });
});
after(async () => {
  await site?.close();
  await fx?.close();
  await chrome?.close();
});

const T = { timeout: 120_000 };

test('season: the export has picks today, graded days and models', () => {
  const all = site.json('best-bets/all.json');
  assert.ok(all.today.picks.length > 0, 'picks today');
  assert.ok(all.counts.graded > 0, 'graded picks');
  assert.ok(site.json('models/health.json').models.length > 0);
});

test('season: Best Bets', T, async () => {
  await checkBestBets(chrome.browser, site, 'season');
});

test('season: History and Models', T, async () => {
  await checkHistory(chrome.browser, site, 'season');
  await checkModels(chrome.browser, site, 'season');
});

test('season: Player pages of today and of a graded day', T, async () => {
  const files = readdirSync(join(site.exportDir, 'v1', 'players')).map((f) => f.replace(/\.json$/, ''));
  const first = site.json('best-bets/all.json').today.picks[0].player_lookup;
  assert.ok(files.includes(first), `players/${first}.json exported`);
  await checkPlayer(chrome.browser, site, first, 'season');
});

test('season: Admin', T, async () => {
  await checkAdmin(chrome.browser, site, 'season');
});

test('season: navigation', T, async () => {
  await checkNavigation(chrome.browser, site);
});

test('season: the first load of Best Bets is under 150 KB of JavaScript gzipped', T, async (t) => {
  const js = await firstLoadJs(chrome.browser, site, '/');
  t.diagnostic(`best-bets first load: ${js.files.length} scripts, ${js.raw} bytes, ${js.gzip} bytes gzipped`);
  assert.ok(js.files.length > 0);
  assert.ok(js.gzip < 150 * 1024, `${js.gzip} bytes gzipped`);
  // uPlot and the other pages load on demand, not on the first visit
  assert.ok(
    js.files.every((f) => !/chart|models|history|player|admin/.test(f)),
    js.files.join(', '),
  );
});

test('season: a copy of the export whose today is no_picks shows the no-edge state', T, async () => {
  const dir = copyExports(fx.dir, (d) => {
    const p = join(d, 'v1', 'best-bets', 'all.json');
    const all = JSON.parse(readFileSync(p, 'utf8'));
    all.today = { ...all.today, status: 'no_picks', message: null, picks: [] };
    writeFileSync(p, JSON.stringify(all));
  });
  const s = await startSite({ exportDir: dir, store: fx.store, ownsExportDir: true });
  try {
    await checkMessage(chrome.browser, s, 'No edge today — nothing cleared our filters', 'season-no-edge');
  } finally {
    await s.close();
  }
});

test(
  'season: Admin actions — re-export returns a run id that is polled to its end; halt set and clear',
  T,
  async () => {
    const { page, problems } = await open(chrome.browser, site, '/admin');
    await page.fill('input[type="password"]', site.token);
    await page.press('input[type="password"]', 'Enter');
    await page.locator('[data-testid="bottleneck"]').waitFor();
    const result = page.locator('[data-testid="action-result"]');
    await page.getByRole('button', { name: 'Re-export' }).click();
    await result.filter({ hasText: /run run_\S+: (succeeded|failed)/ }).waitFor({ timeout: 60_000 });
    assert.match(await text(result), /^Re-export: accepted .*run run_\S+: succeeded$/);
    await page.locator('[data-testid="bottleneck"]').waitFor();

    await page.fill('label:has-text("Reason") input', 'browser test halt');
    await page.getByRole('button', { name: 'Set halt' }).click();
    await result.filter({ hasText: 'Set halt: accepted' }).waitFor();
    assert.ok((await text(result)).includes('"active":true'), await text(result));
    await page.getByRole('button', { name: 'Clear halt' }).click();
    await result.filter({ hasText: 'Clear halt: accepted' }).waitFor();
    assert.ok((await text(result)).includes('"active":false'), await text(result));
    await finish(page, problems);
  },
);

test('season: the halted day says so in the history, with its reason', T, async () => {
  const day = site
    .json('best-bets/all.json')
    .weeks.flatMap((w: any) => w.days)
    .find((d: any) => d.date === HALTED_DAY);
  assert.ok(day?.halt.active, `${HALTED_DAY} is halted in the export`);
  const { page, problems } = await open(chrome.browser, site, '/history');
  const row = page.locator(`details.day[data-date="${HALTED_DAY}"]`);
  await row.locator('.chip-halted').waitFor();
  await row.locator('summary').click();
  assert.ok((await text(row.locator('.halt'))).includes(day.halt.reason ?? 'No reason was given.'));
  await finish(page, problems);
});
