import type { Logger } from '../config/log.ts';
import type { Config } from '../config/schema.ts';
import { claimStoreKind } from '../store/meta.ts';
import type { RunHandle } from '../store/runs.ts';
import type { Store } from '../store/store.ts';
import { type HttpDeps, HttpTransport } from './http.ts';
import { loadIdentity, seedIdentity } from './identity.ts';
import { retryRejects } from './ingest/index.ts';
import type { RowCounts } from './ingest/types.ts';
import { LiveRun } from './live-calls.ts';
import { NbaCdnClient } from './nba-cdn/client.ts';
import { OddsApiClient } from './odds-api/client.ts';
import type { Transport } from './transport.ts';

export type LiveWhat = 'schedule' | 'boxscores' | 'odds';

export interface LiveFetchOptions {
  what: LiveWhat;
  date: string;
  config: Config;
  configHash: string;
  log: Logger;
  /** Historical odds at this instant instead of live ones. */
  historicalAt?: string;
  /** Defaults to an HttpTransport built from sources.http; the simulator passes its own. */
  transport?: Transport;
  /** Sleep and jitter of the default HttpTransport (tests make waits instant and exact). */
  httpDeps?: Omit<HttpDeps, 'onAttempt'>;
  now?: () => Date;
}

export interface LiveFetchSummary extends RowCounts {
  what: LiveWhat;
  date: string;
  unresolved_names: Array<{ name: string; count: number; suggestion: string | null }>;
  warnings: Record<string, number>;
  tables: Record<string, unknown>;
  calls: number;
  quota_remaining: number | null;
  details: Record<string, unknown>;
  re_resolved: number;
  run_id: string;
  seconds: number;
}

/**
 * `courtedge fetch schedule|boxscores|odds --date D` and phase 1 of the daily run: live
 * payloads through the same archive, writers and identity code as the file importers, in
 * one recorded phase run.
 */
export async function fetchLive(
  store: Store,
  opts: LiveFetchOptions,
  run: RunHandle,
): Promise<LiveFetchSummary> {
  const started = Date.now();
  if (opts.what === 'odds' && !opts.config.oddsApiKey) {
    throw new Error('fetch odds needs the config key oddsApiKey (COURTEDGE_ODDS_API_KEY)');
  }
  // The `fetch_<what>` run row belongs to the use case that calls this (the ingest use case).
  return (async (r: RunHandle) => {
    await claimStoreKind(store, 'real');
    await seedIdentity(store);
    const source = opts.what === 'odds' ? (opts.historicalAt ? 'odds_api_hist' : 'odds_api') : 'nba_cdn';
    const identity =
      opts.what === 'odds'
        ? await loadIdentity(store, opts.config.identity.candidateMinSimilarity)
        : undefined;
    let live: LiveRun | null = null;
    const transport =
      opts.transport ??
      new HttpTransport(opts.config.sources.http, {
        ...opts.httpDeps,
        onAttempt: (a) => live?.onAttempt(a),
      });
    live = new LiveRun(store, transport, {
      source,
      runId: r.runId,
      candidateMinSimilarity: opts.config.identity.candidateMinSimilarity,
      identity,
      log: opts.log,
      now: opts.now,
    });
    let details: Record<string, unknown> = {};
    let quota: number | null = null;
    if (opts.what === 'odds') {
      const client = new OddsApiClient(live, opts.config.sources.oddsApi, opts.config.oddsApiKey!);
      const res = await client.fetchDate(opts.date, { historicalAt: opts.historicalAt });
      quota = res.quota_remaining;
      details = { ...res };
    } else {
      const client = new NbaCdnClient(live, opts.config.sources.nbaCdn);
      details =
        opts.what === 'schedule'
          ? await client.fetchSchedule()
          : await client.fetchBoxScores(store, opts.date);
    }
    // A rookie's first box score lets his earlier lines resolve.
    const retry = await store.transaction((tx) =>
      retryRejects(tx, {
        sinceDays: opts.config.identity.retryRejectedDays,
        before: new Date(started),
        candidateMinSimilarity: opts.config.identity.candidateMinSimilarity,
        run_id: r.runId,
      }),
    );
    const c = live.counts;
    const summary: LiveFetchSummary = {
      what: opts.what,
      date: opts.date,
      read: c.read,
      inserted: c.inserted,
      updated: c.updated,
      unchanged: c.unchanged,
      rejected: c.rejected,
      skipped: c.skipped,
      rejected_by_reason: c.rejected_by_reason,
      unresolved_names: Object.entries(c.identity.names)
        .sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1))
        .slice(0, opts.config.identity.reportTopUnresolved)
        .map(([name, v]) => ({
          name,
          count: v.count,
          suggestion: v.candidates[0] ? `${v.candidates[0].name} (${v.candidates[0].player_id})` : null,
        })),
      warnings: c.warnings,
      tables: c.tables,
      calls: live.calls,
      quota_remaining: quota,
      details,
      re_resolved: retry.resolved,
      run_id: r.runId,
      seconds: Math.round((Date.now() - started) / 10) / 100,
    };
    r.counts = {
      read: c.read,
      inserted: c.inserted,
      updated: c.updated,
      unchanged: c.unchanged,
      rejected: c.rejected,
      skipped: c.skipped,
      calls: live.calls,
      warnings: c.warnings,
      ...details,
    };
    return summary;
  })(run);
}
