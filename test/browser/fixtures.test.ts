// The site on the hand-written exports of test/browser/fixtures (spec 07 §2 shapes), served by
// the real server: every page, both widths, the no-edge, not-run and halted states, admin auth
// and the error banner.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type Launched, launch, screenshot, watch } from './helpers/browser.ts';
import {
  checkAdmin,
  checkBestBets,
  checkHistory,
  checkMessage,
  checkModels,
  checkNavigation,
  checkPlayer,
  text,
} from './helpers/checks.ts';
import { copyExports, FIXTURE_EXPORTS, type Site, startSite } from './helpers/site.ts';

let chrome: Launched;
let site: Site;

before(async () => {
  chrome = await launch();
  site = await startSite({ exportDir: copyExports(FIXTURE_EXPORTS), ownsExportDir: true });
});
after(async () => {
  await site?.close();
  await chrome?.close();
});

test('fixtures: Best Bets shows the cards, the record and fits 360 px', { timeout: 120_000 }, async () => {
  await checkBestBets(chrome.browser, site, 'fixtures');
});

test('fixtures: History, Models, Player', { timeout: 120_000 }, async () => {
  await checkHistory(chrome.browser, site, 'fixtures');
  await checkModels(chrome.browser, site, 'fixtures');
  await checkPlayer(chrome.browser, site, 'anthonyedwards', 'fixtures');
});

test('fixtures: Admin refuses without the token and works with it', { timeout: 120_000 }, async () => {
  await checkAdmin(chrome.browser, site, 'fixtures');
});

test('fixtures: navigation by keyboard and links', { timeout: 120_000 }, async () => {
  await checkNavigation(chrome.browser, site);
});

test('fixtures: the simulated-league badge', { timeout: 120_000 }, async () => {
  const page = await chrome.browser.newPage();
  const problems = watch(page);
  await page.goto(site.url);
  await page.locator('[data-testid="season-record"]').waitFor();
  await page.waitForLoadState('networkidle');
  const health = await (await fetch(`${site.url}/api/health`)).json();
  const shown = await page.locator('.badge-sim').count();
  // The badge follows /api/health's store kind; until the server reports it, it cannot show.
  assert.equal(shown, health.store_kind === 'simulated' ? 1 : 0);
  await page.close();
  assert.deepEqual(problems.list, []);
});

function editAll(dir: string, fn: (all: any) => void) {
  const p = join(dir, 'v1', 'best-bets', 'all.json');
  const all = JSON.parse(readFileSync(p, 'utf8'));
  fn(all);
  writeFileSync(p, JSON.stringify(all));
}

test('fixtures: no edge today, not run yet, halted', { timeout: 120_000 }, async () => {
  const states: Array<[string, (a: any) => void, string]> = [
    [
      'no-edge',
      (a) => {
        a.today = {
          date: a.date,
          status: 'no_picks',
          message: 'Max edge 4.9 stayed under the 5.0 floor.',
          picks: [],
        };
      },
      'No edge today — nothing cleared our filters',
    ],
    [
      'not-run',
      (a) => {
        a.today = { date: a.date, status: 'not_run', message: null, picks: [] };
      },
      "Today's picks are not out yet",
    ],
    [
      'halted',
      (a) => {
        a.halt = {
          active: true,
          state: 'manual',
          reason: 'Odds feed outage: lines are stale',
          since: '2025-11-20T15:00:00Z',
        };
        a.today = { date: a.date, status: 'no_picks', message: null, picks: [] };
      },
      'Odds feed outage: lines are stale',
    ],
  ];
  for (const [name, edit, text] of states) {
    const s = await startSite({
      exportDir: copyExports(FIXTURE_EXPORTS, (d) => editAll(d, edit)),
      ownsExportDir: true,
    });
    try {
      await checkMessage(chrome.browser, s, text, `fixtures-${name}`);
    } finally {
      await s.close();
    }
  }
});

test('fixtures: a failed fetch shows the error banner, and retry recovers', {
  timeout: 120_000,
}, async () => {
  const page = await chrome.browser.newPage();
  const problems = watch(page);
  problems.allow('/v1/best-bets/all.json', 503);
  let fail = true;
  await page.route('**/v1/best-bets/all.json', (route) =>
    fail ? route.fulfill({ status: 503, body: '{"error":"internal"}' }) : route.continue(),
  );
  await page.goto(site.url);
  const banner = page.locator('.error-banner');
  await banner.waitFor();
  assert.ok((await text(banner)).includes('503'));
  await screenshot(page, 'fixtures-error-banner');
  fail = false;
  await banner.locator('button', { hasText: 'Retry' }).click();
  await page.locator('[data-testid="season-record"]').waitFor();
  await page.close();
  assert.deepEqual(problems.list, []);
});
