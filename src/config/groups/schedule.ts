import { z } from 'zod';
import { group } from '../define.ts';

// A cron expression croner accepts (5 fields, or 6 with seconds first); checked when the
// scheduler starts, so a typo fails `courtedge serve` at once instead of never firing.
const cron = (def: string, what: string) =>
  z.string().min(3).default(def).describe(`${what} (cron, schedule.timezone)`);

/**
 * In-process scheduler of `courtedge serve` and the watchdog (spec 08 "Schedule"). Runtime-only:
 * not part of config_hash (00-decisions). Set a job's expression to "off" to drop it.
 */
export const scheduleConfig = group({
  enabled: z
    .boolean()
    .default(true)
    .describe('Run the scheduler inside `courtedge serve` (--no-schedule turns it off)'),
  timezone: z.string().min(1).default('America/New_York').describe('Time zone of every job expression'),
  jobs: group({
    linesRefresh: cron('0 8-20/2 * * *', 'Lines refresh: ingest odds for today'),
    postGame: cron(
      '0 1,4,9 * * *',
      'Post-game ingest of box scores, then grading of the dates that became Final',
    ),
    daily: cron('0 11 * * *', 'Daily run: features → predict FIRST → best bets → publish'),
    retry: cron('0 13 * * *', 'Retry: features → predict RETRY → best bets → publish'),
    finalRetry: cron('0 16 * * *', 'Final retry: features → predict FINAL_RETRY → best bets → publish'),
    lastCall: cron('30 18 * * *', 'Last call: features → predict LAST_CALL → best bets → publish'),
    weeklyRetrain: cron('0 5 * * 1', 'Weekly retrain of every family'),
  }),
  catchUp: z
    .boolean()
    .default(true)
    .describe('After a restart, a job whose last tick was missed runs once (never once per missed tick)'),
  catchUpWithinH: z
    .number()
    .positive()
    .default(12)
    .describe('A missed tick older than this many hours is not caught up (the next tick will do)'),
  watchdog: group({
    intervalS: z
      .number()
      .positive()
      .default(60)
      .describe('Seconds between watchdog passes in `courtedge serve`'),
    runStallAfterS: z
      .number()
      .positive()
      .default(3600)
      .describe(
        'A phase run `running` this long without finishing is failed STALLED (batches: predict.stallAfterS)',
      ),
  }),
});

export type ScheduleConfig = z.infer<typeof scheduleConfig>;
export type ScheduleJob = keyof ScheduleConfig['jobs'];
