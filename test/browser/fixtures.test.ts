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
  finish,
  open,
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

function editJson(dir: string, file: string, fn: (x: any) => void) {
  const p = join(dir, 'v1', file);
  const x = JSON.parse(readFileSync(p, 'utf8'));
  fn(x);
  writeFileSync(p, JSON.stringify(x));
}
const editAll = (dir: string, fn: (all: any) => void) => editJson(dir, 'best-bets/all.json', fn);

test('fixtures: no edge today names the bottleneck in plain words', { timeout: 120_000 }, async () => {
  const s = await startSite({
    exportDir: copyExports(FIXTURE_EXPORTS, (d) => {
      editAll(d, (a) => {
        a.today = {
          date: a.date,
          status: 'no_picks',
          message: 'No edge today — nothing cleared our filters',
          picks: [],
        };
      });
      // spec 07 §2.3's example day: 44 candidates, max edge 4.9, 42 under the floor, 2 blacklisted
      editJson(d, 'signal-best-bets/latest.json', (l) => {
        l.picks = [];
        l.total_picks = 0;
        l.filter_summary = {
          total_candidates: 44,
          passed: 0,
          rejected: {
            ...l.filter_summary.rejected,
            blacklist: 2,
            edge_floor: 42,
            familiar_matchup: 0,
            quality_floor: 0,
            neg_pm_streak: 0,
            min_signals: 0,
          },
        };
        l.edge_distribution = {
          candidates: 44,
          edge_3_plus: 11,
          edge_5_plus: 0,
          edge_7_plus: 0,
          max_edge: 4.9,
        };
      });
    }),
    ownsExportDir: true,
  });
  try {
    const { page, problems } = await open(chrome.browser, s, '/');
    const why = page.locator('[data-testid="no-edge-why"]');
    await why.waitFor();
    assert.equal(
      await text(why),
      '44 candidates today; the largest edge was 4.9 pts. 42 fell short of the edge floor and 2 were stopped by the other filters.',
    );
    // the exporter's message repeats the heading: shown once
    assert.equal(await page.getByText('No edge today — nothing cleared our filters').count(), 1);
    await finish(page, problems);
  } finally {
    await s.close();
  }
});

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
