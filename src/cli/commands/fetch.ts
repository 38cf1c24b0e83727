import type { Command } from 'commander';
import { fetchSource, type LiveWhat } from '../../orchestrate/ingest.ts';
import { action, CliError, cliContext, printJson, requireDate, withApp } from '../context.ts';
import { countsText } from '../format.ts';

const WHATS: LiveWhat[] = ['schedule', 'boxscores', 'odds'];

export function registerFetch(program: Command): void {
  program
    .command('fetch')
    .description('fetch live data: schedule | boxscores (NBA.com CDN) | odds (The Odds API)')
    .argument('<what>', WHATS.join(' | '))
    .requiredOption('--date <date>', 'US Eastern game date YYYY-MM-DD')
    .option('--historical-at <iso>', 'odds: the historical snapshot at this instant (backfilling lines)')
    .option('--json', 'print one JSON summary line')
    .action(
      action(
        async (what: string, opts: { date: string; historicalAt?: string; json?: boolean }, cmd: Command) => {
          if (!WHATS.includes(what as LiveWhat))
            throw new CliError(`fetch: unknown source ${JSON.stringify(what)} (${WHATS.join(', ')})`, 2);
          const date = requireDate(opts.date);
          if (opts.historicalAt && (what !== 'odds' || Number.isNaN(Date.parse(opts.historicalAt))))
            throw new CliError('--historical-at takes an ISO instant and goes with fetch odds', 2);
          const s = await withApp(cliContext(cmd), (app) =>
            fetchSource(app, {
              what: what as LiveWhat,
              date,
              historicalAt: opts.historicalAt,
              interactive: true,
            }),
          );
          if (opts.json) return printJson(s);
          console.log(
            `fetch ${s.what} ${s.date}: read ${s.read}  inserted ${s.inserted}  updated ${s.updated}  unchanged ${s.unchanged}  rejected ${s.rejected}  skipped ${s.skipped}  · ${s.calls} calls${s.quota_remaining !== null ? ` · quota remaining ${s.quota_remaining}` : ''}`,
          );
          const reasons = countsText(s.rejected_by_reason, ' · ');
          if (reasons) console.log(`  rejected: ${reasons}`);
          if (s.warnings.BUDGET_EXHAUSTED)
            console.log(`  budget exhausted: ${s.warnings.BUDGET_EXHAUSTED} calls not made`);
          console.log(`  ${s.seconds}s · run ${s.run_id}`);
        },
      ),
    );
}
