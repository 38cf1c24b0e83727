// The page assertions of spec 07 §5, shared by the fixture run and the simulated-season run:
// every expected value is read from the export the site is serving.
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { hasHorizontalScroll, type Problems, screenshot, watch } from './browser.ts';
import type { Site } from './site.ts';

export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
  narrow: { width: 360, height: 740 },
} as const;

export async function open(
  ctx: BrowserContext,
  site: Site,
  path: string,
  viewport: { width: number; height: number } = VIEWPORTS.desktop,
): Promise<{ page: Page; problems: Problems }> {
  const page = await ctx.newPage();
  await page.setViewportSize(viewport);
  const problems = watch(page);
  // cumulative layout shift (no input): how far content jumps when the data arrives
  await page.addInitScript(() => {
    (window as any).__cls = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as any[]) if (!e.hadRecentInput) (window as any).__cls += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await page.goto(site.url + path, { waitUntil: 'load' });
  return { page, problems };
}

export async function finish(page: Page, problems: Problems): Promise<void> {
  await page.waitForLoadState('networkidle');
  const cls = await page.evaluate(() => (window as any).__cls as number | undefined);
  // 0.1 is the web's "good" layout-shift score; the reserved placeholders keep pages near 0.02
  if (cls !== undefined) assert.ok(cls < 0.1, `layout shift ${cls} on ${page.url()}`);
  await page.close();
  assert.deepEqual(problems.list, [], 'console errors, page errors or failed requests');
}

/** A locator's text (textContent; '' when the node has none). */
export const text = async (l: Locator): Promise<string> => (await l.textContent()) ?? '';

const recordText = (r: { wins: number; losses: number; pushes: number }) =>
  `${r.wins}-${r.losses}-${r.pushes}`;
const priceText = (p: number) => (p > 0 ? `+${p}` : `${p}`);

export async function checkBestBets(ctx: BrowserContext, site: Site, shots: string): Promise<void> {
  const all = site.json('best-bets/all.json');
  const { page, problems } = await open(ctx, site, '/');
  await page.locator('[data-testid="season-record"]').waitFor();
  const season = await text(page.locator('[data-testid="season-record"]'));
  assert.ok(season.includes(recordText(all.record.season)), `season record ${season}`);
  if (all.record.season.pct !== null) assert.ok(season.includes(`${all.record.season.pct.toFixed(1)}%`));
  assert.ok(season.includes(`break-even ${all.break_even_pct.toFixed(1)}%`));
  const cards = page.locator('article.pick');
  assert.equal(await cards.count(), all.today.picks.length, 'one card per pick of today');
  for (let i = 0; i < all.today.picks.length; i++) {
    const p = all.today.picks[i];
    const card = cards.nth(i);
    assert.equal(
      await card.evaluate((el) => el.classList.contains('ultra')),
      p.ultra,
      `ultra class of #${p.rank}`,
    );
    if (i === 0) {
      const cardText = await text(card);
      assert.ok(cardText.includes(p.player), `first card shows ${p.player}: ${cardText}`);
      assert.ok(cardText.includes(`${p.direction} ${p.line}`), `first card shows ${p.direction} ${p.line}`);
      if (p.price !== null)
        assert.ok(cardText.includes(`${priceText(p.price)} at ${p.book}`), `price of ${cardText}`);
      assert.ok(cardText.includes(`${p.edge.toFixed(1)} pts edge`));
    }
  }
  const graded = await text(page.locator('[data-testid="graded-count"]'));
  assert.equal(
    graded,
    `${all.counts.graded} of ${all.counts.total - all.counts.voided} graded · ${all.counts.voided} void`,
  );
  await screenshot(page, `${shots}-best-bets-desktop`);
  await finish(page, problems);

  for (const [name, vp] of [
    ['phone', VIEWPORTS.phone],
    ['narrow', VIEWPORTS.narrow],
  ] as const) {
    const o = await open(ctx, site, '/', vp);
    await o.page.locator('[data-testid="season-record"]').waitFor();
    assert.equal(await hasHorizontalScroll(o.page), false, `no horizontal scroll at ${vp.width} px`);
    if (name === 'phone') await screenshot(o.page, `${shots}-best-bets-phone`);
    await finish(o.page, o.problems);
  }
}

export async function checkHistory(ctx: BrowserContext, site: Site, shots: string): Promise<void> {
  const all = site.json('best-bets/all.json');
  for (const [vpName, vp] of Object.entries(VIEWPORTS)) {
    const { page, problems } = await open(ctx, site, '/history', vp);
    await page.locator('[data-testid="graded-count"]').waitFor();
    assert.equal(await page.locator('section.week').count(), all.weeks.length, 'one section per week');
    assert.ok(
      (await text(page.locator('[data-testid="graded-count"]'))).startsWith(
        `${all.counts.graded} of ${all.counts.total - all.counts.voided} graded · ${all.counts.voided} void`,
      ),
    );
    // a known day: the newest day that has picks; its chip says its status, opening shows its picks
    const known = all.weeks.flatMap((w: any) => w.days).find((d: any) => d.picks.length > 0);
    if (known) {
      const row = page.locator(`details.day[data-date="${known.date}"]`);
      const words: Record<string, string> = { no_picks: 'no picks' };
      assert.equal(
        await text(row.locator('summary .chip[class*="status-"]')),
        words[known.status] ?? known.status,
      );
      await row.locator('summary').click();
      assert.equal(await row.locator('tbody tr').count(), known.picks.length);
      assert.ok((await text(row)).includes(known.picks[0].player));
    }
    const graded = all.weeks.some((w: any) => w.days.some((d: any) => d.picks.some((p: any) => p.result)));
    if (graded) {
      const pts = Number(await page.locator('.chart-box').first().getAttribute('data-points'));
      assert.ok(pts > 0, 'units chart has points');
      assert.ok(
        (await page
          .locator('.chart-box canvas')
          .first()
          .evaluate((c: HTMLCanvasElement) => c.width)) > 0,
      );
    }
    if (vpName === 'narrow')
      assert.equal(await hasHorizontalScroll(page), false, 'no horizontal scroll at 360 px');
    if (vpName !== 'narrow') await screenshot(page, `${shots}-history-${vpName}`);
    await finish(page, problems);
  }
}

export async function checkModels(ctx: BrowserContext, site: Site, shots: string): Promise<void> {
  const health = site.json('models/health.json');
  for (const [vpName, vp] of Object.entries(VIEWPORTS)) {
    const { page, problems } = await open(ctx, site, '/models', vp);
    await page.locator('[data-testid="models-table"]').waitFor();
    assert.equal(await page.locator('[data-testid="models-table"] tbody tr').count(), health.models.length);
    if (health.models.length > 0) {
      assert.ok(
        (await text(page.locator('[data-testid="models-table"]'))).includes(health.models[0].system_id),
      );
      const canvases = page.locator('.chart-box canvas');
      await canvases.first().waitFor();
      const widths = await canvases.evaluateAll((cs) => cs.map((c) => (c as HTMLCanvasElement).width));
      assert.ok(
        widths.length >= health.models.length,
        `${widths.length} charts for ${health.models.length} models`,
      );
      assert.ok(
        widths.every((w) => w > 0),
        `canvas widths ${widths}`,
      );
    }
    if (vpName === 'narrow')
      assert.equal(await hasHorizontalScroll(page), false, 'no horizontal scroll at 360 px');
    if (vpName !== 'narrow') await screenshot(page, `${shots}-models-${vpName}`);
    await finish(page, problems);
  }
}

export async function checkPlayer(
  ctx: BrowserContext,
  site: Site,
  lookup: string,
  shots: string,
): Promise<void> {
  const player = site.json(`players/${lookup}.json`);
  for (const [vpName, vp] of Object.entries(VIEWPORTS)) {
    const { page, problems } = await open(ctx, site, `/player/${lookup}`, vp);
    await page.locator('h1').filter({ hasText: player.player }).waitFor();
    if (player.games.length > 0) {
      const box = page.locator('.chart-box').first();
      await box.locator('canvas').waitFor();
      assert.equal(
        Number(await box.getAttribute('data-points')),
        player.games.length,
        'one chart point per game',
      );
      assert.ok((await box.locator('canvas').evaluate((c: HTMLCanvasElement) => c.width)) > 0);
    }
    assert.equal(await page.locator('[data-testid="games"] tbody tr').count(), player.games.length);
    if (player.upcoming?.predictions.length)
      assert.equal(
        await page.locator('[data-testid="upcoming"] tbody tr').count(),
        player.upcoming.predictions.length,
      );
    if (vpName === 'narrow')
      assert.equal(await hasHorizontalScroll(page), false, 'no horizontal scroll at 360 px');
    if (vpName !== 'narrow') await screenshot(page, `${shots}-player-${vpName}`);
    await finish(page, problems);
  }
}

export async function checkAdmin(ctx: BrowserContext, site: Site, shots: string): Promise<void> {
  const dash = site.json('admin/dashboard.json');
  // without a token: only the form, and no request for the dashboard
  const { page, problems } = await open(ctx, site, '/admin');
  await page.locator('[data-testid="token-form"]').waitFor();
  assert.equal(await page.locator('[data-testid="bottleneck"]').count(), 0);
  // a wrong token: refused (the deliberate 401), the form comes back, storage is cleared
  problems.allow('/v1/admin/dashboard.json', 401);
  await page.fill('input[type="password"]', 'not-the-token');
  await page.press('input[type="password"]', 'Enter');
  await page.locator('.error-banner').filter({ hasText: 'refused' }).waitFor();
  assert.equal(await page.evaluate(() => sessionStorage.getItem('courtedge.adminToken')), null);
  // the right token: the dashboard
  await page.fill('input[type="password"]', site.token);
  await page.press('input[type="password"]', 'Enter');
  await page.locator('[data-testid="bottleneck"]').waitFor();
  const bottleneck = await text(page.locator('[data-testid="bottleneck"]'));
  const b = dash.pipeline_summary.bottleneck;
  assert.ok(b === null ? bottleneck.startsWith('no bottleneck') : bottleneck.startsWith(`${b}:`), bottleneck);
  assert.equal(await page.locator('[data-testid="funnel-bar"]').count(), 14, 'total, 12 filters, passed');
  assert.ok((await page.locator('[data-testid="run-log"] tbody tr').count()) === dash.pipeline_runs.length);
  assert.equal(await page.evaluate(() => sessionStorage.getItem('courtedge.adminToken')), site.token);
  await screenshot(page, `${shots}-admin-desktop`);
  // the token is kept for the tab: a reload goes straight to the dashboard
  await page.reload();
  await page.locator('[data-testid="bottleneck"]').waitFor();
  await page.setViewportSize(VIEWPORTS.narrow);
  assert.equal(await hasHorizontalScroll(page), false, 'no horizontal scroll at 360 px');
  await page.setViewportSize(VIEWPORTS.phone);
  await screenshot(page, `${shots}-admin-phone`);
  await finish(page, problems);
}

/** Keyboard and links: Tab reaches the nav, Enter follows it, the path changes without reload. */
export async function checkNavigation(ctx: BrowserContext, site: Site): Promise<void> {
  const { page, problems } = await open(ctx, site, '/');
  await page.locator('[data-testid="season-record"]').waitFor();
  await page.evaluate(() => {
    (window as any).__sameDocument = true;
  });
  await page.locator('nav a', { hasText: 'History' }).focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(`${site.url}/history`);
  await page.locator('section.week').first().waitFor();
  await page.locator('nav a', { hasText: 'Models' }).click();
  await page.locator('[data-testid="models-table"]').waitFor();
  await page.goBack();
  await page.locator('section.week').first().waitFor();
  assert.equal(await page.evaluate(() => (window as any).__sameDocument), true, 'client-side navigation');
  await page.locator('nav a', { hasText: 'Best Bets' }).click();
  const first = site.json('best-bets/all.json').today.picks[0];
  if (first) {
    await page.locator('article.pick a.player').first().click();
    await page.waitForURL(`${site.url}/player/${first.player_lookup}`);
  }
  await finish(page, problems);
}

export async function checkMessage(
  ctx: BrowserContext,
  site: Site,
  text: string,
  shot?: string,
): Promise<void> {
  const { page, problems } = await open(ctx, site, '/');
  await page.getByText(text).first().waitFor();
  assert.equal(await page.locator('article.pick').count(), 0);
  if (shot) await screenshot(page, shot);
  await finish(page, problems);
}

/**
 * The JavaScript a first visit to `path` loads (every script response of a fresh page, modulepreloads
 * included), raw and gzipped (zlib level 9, what a gzip_static server sends).
 */
export async function firstLoadJs(
  ctx: BrowserContext,
  site: Site,
  path: string,
): Promise<{ files: string[]; raw: number; gzip: number }> {
  const page = await ctx.newPage();
  const problems = watch(page);
  const bodies: Array<Promise<{ url: string; body: Buffer }>> = [];
  page.on('response', (r) => {
    if (r.request().resourceType() === 'script')
      bodies.push(r.body().then((body) => ({ url: r.url(), body })));
  });
  await page.goto(site.url + path, { waitUntil: 'networkidle' });
  const got = await Promise.all(bodies);
  await finish(page, problems);
  return {
    files: got.map((g) => new URL(g.url).pathname),
    raw: got.reduce((a, g) => a + g.body.length, 0),
    gzip: got.reduce((a, g) => a + gzipSync(g.body, { level: 9 }).length, 0),
  };
}
