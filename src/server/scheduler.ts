import { Cron } from 'croner';
import type { ScheduleJob } from '../config/groups/schedule.ts';
import type { App } from '../orchestrate/app.ts';
import { daily } from '../orchestrate/daily.ts';
import { fetchSource } from '../orchestrate/ingest.ts';
import { lastTick, recordTick, today } from '../orchestrate/status.ts';
import { watchdogPass } from '../orchestrate/watchdog.ts';
import type { ServerHooks } from './index.ts';

/**
 * The in-process scheduler of `courtedge serve` (spec 08 "Schedule"): croner fires each job of
 * `schedule.jobs` in `schedule.timezone`; every job is a use case of src/orchestrate. Jobs run
 * one at a time (one writer per embedded store), and a job whose previous run is still running
 * or waiting when its next tick comes is skipped, never started twice. The tick each job last
 * ran for is kept in store_meta, so after a restart a job whose latest tick was missed runs once
 * (not once per missed tick), within `schedule.catchUpWithinH`; a store that never ran a job
 * records a baseline instead of catching up on history. The watchdog runs every
 * `schedule.watchdog.intervalS`.
 */

export type JobRunner = (app: App) => Promise<unknown>;

const retry =
  (mode: 'RETRY' | 'FINAL_RETRY' | 'LAST_CALL'): JobRunner =>
  (app) =>
    daily(app, { mode, phases: ['features', 'predict', 'bestbets', 'publish'] });

/** What each job does (the table of spec 08). */
export const JOBS: Record<ScheduleJob, JobRunner> = {
  linesRefresh: async (app) => {
    // A simulated league has its lines already; a real store needs the key.
    if (!app.config.oddsApiKey) return { skipped: 'no oddsApiKey: odds not fetched' };
    return fetchSource(app, { what: 'odds', date: await today(app) });
  },
  postGame: (app) => daily(app, { phases: ['ingest', 'grade'] }),
  daily: (app) => daily(app, { mode: 'FIRST' }),
  retry: retry('RETRY'),
  finalRetry: retry('FINAL_RETRY'),
  lastCall: retry('LAST_CALL'),
  weeklyRetrain: (app) => daily(app, { phases: ['train'] }),
};

export interface JobState {
  job: string;
  cron: string;
  next: string | null;
  /** The tick the job last ran for (store_meta), and how that run ended. */
  last_tick: string | null;
  last_status: 'succeeded' | 'failed' | null;
  last_error: string | null;
  running: boolean;
  /** Ticks skipped because the job was still running (since the server started). */
  skipped: number;
}

export interface SchedulerOptions {
  /** Replace what jobs do (tests). */
  runners?: Partial<Record<ScheduleJob, JobRunner>>;
  /** Jobs to schedule (default every job whose expression is not "off"). */
  only?: ScheduleJob[];
  watchdog?: boolean;
}

export class Scheduler {
  private crons = new Map<string, Cron>();
  private state = new Map<string, JobState>();
  private queue: Promise<void> = Promise.resolve();
  private pending = new Set<string>();
  private watchdog: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly app: App,
    private readonly opts: SchedulerOptions = {},
  ) {}

  /** Arms every job; runs each job whose latest tick before `now` was missed, once. */
  async start(now = new Date()): Promise<void> {
    const s = this.app.config.schedule;
    const jobs = (Object.entries(s.jobs) as Array<[ScheduleJob, string]>).filter(
      ([job, cron]) => cron !== 'off' && (!this.opts.only || this.opts.only.includes(job)),
    );
    for (const [job, expr] of jobs) {
      // A bad expression throws here: `courtedge serve` fails at start, naming the key.
      let cron: Cron;
      try {
        cron = new Cron(expr, { timezone: s.timezone, paused: true });
      } catch (e) {
        throw new Error(`schedule.jobs.${job}: ${(e as Error).message} (got ${JSON.stringify(expr)})`);
      }
      cron.stop();
      const last = await lastTick(this.app, job);
      this.state.set(job, {
        job,
        cron: expr,
        next: null,
        last_tick: last,
        last_status: null,
        last_error: null,
        running: false,
        skipped: 0,
      });
      const prev = new Cron(expr, { timezone: s.timezone, paused: true }).previousRuns(1, now)[0] ?? null;
      if (!last) {
        if (prev) await recordTick(this.app, job, prev.toISOString());
      } else if (
        s.catchUp &&
        prev &&
        Date.parse(last) < prev.getTime() &&
        now.getTime() - prev.getTime() <= s.catchUpWithinH * 3600_000
      ) {
        this.enqueue(job, prev, 'catch_up');
      }
      this.crons.set(
        job,
        new Cron(expr, { timezone: s.timezone, unref: true }, (self: Cron) => {
          this.enqueue(job, self.currentRun() ?? new Date(), 'tick');
        }),
      );
    }
    if (this.opts.watchdog !== false) {
      this.watchdog = setInterval(() => {
        this.queue = this.queue.then(() =>
          watchdogPass(this.app).then(
            () => undefined,
            (e) => this.app.log.warn({ err: (e as Error).message }, 'watchdog pass failed'),
          ),
        );
      }, s.watchdog.intervalS * 1000);
      this.watchdog.unref();
    }
  }

  /** One run of a job after the ones before it; a job already running or waiting is skipped. */
  private enqueue(job: ScheduleJob, tick: Date, why: 'tick' | 'catch_up' | 'manual'): void {
    const st = this.state.get(job)!;
    if (this.stopped) return;
    if (this.pending.has(job)) {
      st.skipped++;
      this.app.log.warn(
        { job, tick: tick.toISOString() },
        'scheduler: previous run still going; tick skipped',
      );
      return;
    }
    this.pending.add(job);
    this.queue = this.queue.then(async () => {
      if (this.stopped) return void this.pending.delete(job);
      st.running = true;
      this.app.log.info({ job, tick: tick.toISOString(), why }, 'scheduler: job started');
      try {
        await (this.opts.runners?.[job] ?? JOBS[job])(this.app);
        st.last_status = 'succeeded';
        st.last_error = null;
      } catch (e) {
        st.last_status = 'failed';
        st.last_error = (e as Error).message;
        this.app.log.error({ job, err: st.last_error }, 'scheduler: job failed');
      } finally {
        st.running = false;
        this.pending.delete(job);
        st.last_tick = tick.toISOString();
        await recordTick(this.app, job, st.last_tick).catch(() => undefined);
      }
    });
  }

  /** Every job with its next tick (status and the admin dashboard show this). */
  jobs(): JobState[] {
    return [...this.state.values()].map((s) => ({
      ...s,
      next: this.crons.get(s.job)?.nextRun()?.toISOString() ?? null,
    }));
  }

  /** Stops every timer and waits for the job that is running. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const c of this.crons.values()) c.stop();
    if (this.watchdog) clearInterval(this.watchdog);
    await this.queue;
  }

  /** Resolves once every queued run has finished (tests). */
  idle(): Promise<void> {
    return this.queue;
  }
}

/** The hooks `courtedge serve` gives startServer: the scheduler starts and stops with it. */
export function schedulerHooks(
  app: App,
  opts: SchedulerOptions = {},
): ServerHooks & { scheduler: Scheduler } {
  const scheduler = new Scheduler(app, opts);
  return {
    scheduler,
    onStart: () => scheduler.start(),
    onClose: () => scheduler.stop(),
  };
}
