import type { Command } from 'commander';
import { type StatusResult, status } from '../../orchestrate/status.ts';
import { action, CliError, cliContext, printJson, requireDate, withApp } from '../context.ts';

const cell = (s: StatusResult['dates'][number], name: string) => {
  const c = s.checks.find((k) => k.name === name);
  return c ? `${c.actual}/${c.expected}${c.missing ? '!' : ''}` : '-';
};

function print(r: StatusResult): void {
  const head = r.ok ? 'nothing missing' : `${r.missing.length} missing`;
  console.log(`status ${r.from}${r.to !== r.from ? ` … ${r.to}` : ''} (today ${r.today}): ${head}`);
  const cols = ['box_scores', 'features', 'predictions', 'picks', 'grades', 'exports'];
  console.log(['date      ', 'games', ...cols].map((c) => c.padEnd(12)).join(''));
  for (const d of r.dates) {
    if (!d.games && !d.checks.some((c) => c.expected)) continue;
    console.log([d.date, `${d.games}`, ...cols.map((c) => cell(d, c))].map((c) => c.padEnd(12)).join(''));
  }
  for (const m of r.missing) console.log(`missing  ${m}`);
  for (const w of r.warnings) console.log(`warning  ${w}`);
  for (const s of r.stalled) console.log(`stalled  ${s.kind} ${s.id} ${s.date ?? ''} ${s.reason}`);
  for (const f of r.failures)
    console.log(`failed   ${f.phase} ${f.date ?? ''} ${f.run_id}: ${f.error ?? ''}`);
  console.log('last runs:');
  for (const l of r.last_runs)
    console.log(
      `  ${l.phase.padEnd(12)} ${l.status.padEnd(10)} ${(l.date ?? '').padEnd(11)} ${l.duration_ms == null ? '' : `${(l.duration_ms / 1000).toFixed(1)} s`.padEnd(9)} ${l.started_at}`,
    );
  console.log(`champion: ${r.champions.join(', ') || 'none'}`);
  if (r.workers.length || Object.keys(r.queues).length) {
    console.log(`workers seen in the last 5 minutes: ${r.workers.length}`);
    for (const w of r.workers) console.log(`  ${w.worker_id} ${w.host} pid ${w.pid} seen ${w.seen_at}`);
    for (const [q, d] of Object.entries(r.queues))
      console.log(`  queue ${q}: ${d.queued} queued, ${d.active} active`);
  }
  console.log('next runs (schedule of courtedge serve):');
  for (const j of r.schedule)
    console.log(
      `  ${j.job.padEnd(14)} ${j.next ?? 'never'}  (${j.cron}; last ran for ${j.last_tick ?? 'never'})`,
    );
}

/** `courtedge status [--date D | --from D1 --to D2] [--json]`: exit 1 when something expected is missing. */
export function registerStatus(program: Command): void {
  program
    .command('status')
    .description(
      'expected vs actual outputs per date and phase, last runs, failures, stalled runs; exit 1 if missing',
    )
    .option('--date <date>', 'one date (default: today)')
    .option('--from <date>', 'first date of a range')
    .option('--to <date>', 'last date of a range')
    .option('--json', 'print the whole status as one JSON line')
    .action(
      action(async (opts: { date?: string; from?: string; to?: string; json?: boolean }, cmd: Command) => {
        if (opts.date && (opts.from || opts.to))
          throw new CliError('give --date or --from/--to, not both', 2);
        if (!!opts.from !== !!opts.to) throw new CliError('--from and --to go together', 2);
        const req = {
          date: opts.date ? requireDate(opts.date) : undefined,
          from: opts.from ? requireDate(opts.from, '--from') : undefined,
          to: opts.to ? requireDate(opts.to, '--to') : undefined,
        };
        const r = await withApp(cliContext(cmd), (app) => status(app, req));
        if (opts.json) printJson(r);
        else print(r);
        if (!r.ok) process.exitCode = 1;
      }),
    );
}
