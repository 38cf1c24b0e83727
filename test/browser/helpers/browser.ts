// playwright-core driving Debian's Chromium (no browser download): headless, sandbox off (CI
// containers run as root), no background traffic, a fresh profile per launch.
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { REPO_ROOT } from '../../helpers/real-data.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-results', 'screenshots');

export interface Launched {
  browser: BrowserContext;
  close(): Promise<void>;
}

/** A persistent context on a fresh user-data dir (removed on close). */
export async function launch(executablePath = CHROMIUM_PATH): Promise<Launched> {
  if (!existsSync(executablePath) || !statSync(executablePath).isFile())
    throw new Error(
      `Chromium not found at ${executablePath}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`,
    );
  const profile = mkdtempSync(join(tmpdir(), 'courtedge-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
    viewport: { width: 1280, height: 800 },
    timezoneId: 'America/New_York',
    locale: 'en-US',
  });
  return {
    browser,
    async close() {
      await browser.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface Problems {
  list: string[];
  /** Allow one deliberate failed response (a 401 the test provoked) by URL suffix. */
  allow(urlSuffix: string, status: number): void;
}

/**
 * Collects console errors, page errors, failed requests and 4xx/5xx responses of one page;
 * the test asserts the list is empty (a deliberate 401 is allowed by name).
 */
export function watch(page: Page): Problems {
  const list: string[] = [];
  const allowed: Array<{ suffix: string; status: number }> = [];
  const isAllowed = (url: string, status: number) =>
    allowed.some((a) => a.status === status && new URL(url).pathname.endsWith(a.suffix));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    // Chromium logs every non-2xx fetch as a console error; those are judged by the response hook.
    if (/Failed to load resource: the server responded with a status of (\d+)/.test(m.text())) {
      const status = Number(/status of (\d+)/.exec(m.text())![1]);
      if (isAllowed(m.location().url || page.url(), status)) return;
      if (allowed.some((a) => a.status === status)) return;
    }
    list.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => list.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => {
    // a navigation away aborts in-flight chart/font requests; those are not failures of the site
    if (r.failure()?.errorText === 'net::ERR_ABORTED') return;
    list.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !isAllowed(r.url(), r.status())) list.push(`http ${r.status()}: ${r.url()}`);
  });
  return { list, allow: (suffix, status) => allowed.push({ suffix, status }) };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** True when the document is wider than the viewport (a horizontal scrollbar at this width). */
export async function hasHorizontalScroll(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
}

export type { Browser, Page };
