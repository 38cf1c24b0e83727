import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLogger } from '../../src/config/log.ts';
import { configSchema } from '../../src/config/schema.ts';
import type { App } from '../../src/orchestrate/app.ts';
import { Scheduler } from '../../src/server/scheduler.ts';
import { getMeta, setMeta } from '../../src/store/meta.ts';
import { openMemoryStore } from '../../src/store/open.ts';
import type { Store } from '../../src/store/store.ts';

const OFF = {
  linesRefresh: 'off',
  postGame: 'off',
  daily: 'off',
  retry: 'off',
  finalRetry: 'off',
  lastCall: 'off',
  weeklyRetrain: 'off',
};
const appOf = (store: Store, jobs: Record<string, string>): App => ({
  store,
  config: configSchema.parse({ schedule: { jobs: { ...OFF, ...jobs } } }),
  configHash: 'h',
  log: createLogger('silent'),
});

test('a job still running at its next tick is not started again; jobs never overlap', async () => {
  const store = await openMemoryStore();
  // Every second, a job that takes 2.5 s, and a second job on the same ticks.
  const app = appOf(store, { daily: '* * * * * *', retry: '* * * * * *' });
  let active = 0;
  let most = 0;
  const runs: string[] = [];
  const job = (name: string, ms: number) => async () => {
    active++;
    most = Math.max(most, active);
    await sleep(ms);
    runs.push(name);
    active--;
  };
  const s = new Scheduler(app, {
    runners: { daily: job('daily', 2500), retry: job('retry', 10) },
    watchdog: false,
  });
  try {
    await s.start();
    await sleep(4200);
  } finally {
    await s.stop();
    await store.close();
  }
  assert.equal(most, 1, 'one job at a time');
  const daily = s.jobs().find((j) => j.job === 'daily')!;
  assert.ok(daily.skipped >= 2, `ticks while daily ran are skipped (skipped ${daily.skipped})`);
  assert.ok(runs.filter((r) => r === 'daily').length <= 2, `daily ran ${runs.length} time(s)`);
  assert.equal(daily.running, false);
});

test('after a restart a missed tick runs once, not once per missed tick; a new store records a baseline', async () => {
  const store = await openMemoryStore();
  const app = appOf(store, { daily: '0 11 * * *', lastCall: '0 * * * *', retry: '0 13 * * *' });
  // 2030-01-10 13:30 ET: the 11:00 daily and the 13:00 hourly tick were missed since 3 days ago.
  const now = new Date('2030-01-10T18:30:00.000Z');
  await setMeta(store, 'schedule.last_tick.daily', '2030-01-07T16:00:00.000Z');
  await setMeta(store, 'schedule.last_tick.lastCall', '2030-01-07T16:00:00.000Z');
  const runs: string[] = [];
  const runners = {
    daily: async () => void runs.push('daily'),
    lastCall: async () => void runs.push('lastCall'),
    retry: async () => void runs.push('retry'),
  };
  try {
    const s = new Scheduler(app, { runners, watchdog: false });
    await s.start(now);
    await s.idle();
    await s.stop();
    assert.deepEqual(runs.sort(), ['daily', 'lastCall']);
    assert.equal(await getMeta(store, 'schedule.last_tick.daily'), '2030-01-10T16:00:00.000Z');
    assert.equal(await getMeta(store, 'schedule.last_tick.lastCall'), '2030-01-10T18:00:00.000Z');
    // retry had never run on this store: its latest tick becomes the baseline, nothing runs.
    assert.equal(await getMeta(store, 'schedule.last_tick.retry'), '2030-01-10T18:00:00.000Z');

    // A second restart at the same time has nothing to catch up.
    runs.length = 0;
    const again = new Scheduler(app, { runners, watchdog: false });
    await again.start(now);
    await again.idle();
    await again.stop();
    assert.deepEqual(runs, []);
    assert.deepEqual(
      again.jobs().map((j) => `${j.job} ${j.cron} ${j.last_tick}`),
      [
        'daily 0 11 * * * 2030-01-10T16:00:00.000Z',
        'retry 0 13 * * * 2030-01-10T18:00:00.000Z',
        'lastCall 0 * * * * 2030-01-10T18:00:00.000Z',
      ],
    );
  } finally {
    await store.close();
  }
});

test('a tick missed longer ago than schedule.catchUpWithinH is left to the next tick', async () => {
  const store = await openMemoryStore();
  const app = appOf(store, { weeklyRetrain: '0 5 * * 1' });
  await setMeta(store, 'schedule.last_tick.weeklyRetrain', '2029-12-30T10:00:00.000Z');
  let n = 0;
  try {
    // Thursday: Monday's 05:00 retrain is 3 days old (> 12 h).
    const s = new Scheduler(app, { runners: { weeklyRetrain: async () => void n++ }, watchdog: false });
    await s.start(new Date('2030-01-10T18:00:00.000Z'));
    await s.idle();
    await s.stop();
    assert.equal(n, 0);
  } finally {
    await store.close();
  }
});
