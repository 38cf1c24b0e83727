import type { Command } from 'commander';
import {
  describeContract,
  explainFeatures,
  exportFeatures,
  FEATURE_SETS,
  type FeatureSetName,
  features,
  isFeatureSetName,
} from '../../orchestrate/features.ts';
import { action, CliError, cliContext, printJson, requireDate, withApp } from '../context.ts';
import { printBuild, printExplained } from '../views/features.ts';

interface FeaturesOptions {
  date?: string;
  from?: string;
  to?: string;
  asOf?: string;
  sets?: string;
  player?: string;
  explain?: boolean;
  export?: string;
  contract?: boolean;
  json?: boolean;
}

function parseSets(s: string | undefined): FeatureSetName[] {
  if (!s) return [...FEATURE_SETS];
  const out = s.split(',').map((x) => x.trim());
  for (const x of out)
    if (!isFeatureSetName(x)) throw new CliError(`--sets: unknown feature set ${x} (v9, v12, v12_noveg)`, 2);
  return out as FeatureSetName[];
}

function range(opts: FeaturesOptions): { from: string; to: string } {
  if (opts.date) return { from: requireDate(opts.date), to: requireDate(opts.date) };
  if (!opts.from && !opts.to) throw new CliError('give --date D or --from D1 --to D2', 2);
  const from = requireDate(opts.from, '--from');
  const to = requireDate(opts.to, '--to');
  if (from > to) throw new CliError('--from must not be after --to', 2);
  return { from, to };
}

function cutoffOf(asOf: string | undefined): 'tipoff' | string {
  if (!asOf) return 'tipoff';
  if (Number.isNaN(Date.parse(asOf))) throw new CliError(`--as-of must be an ISO instant, got ${asOf}`, 2);
  return new Date(asOf).toISOString();
}

export function registerFeatures(program: Command): void {
  program
    .command('features')
    .description('build point-in-time features into the features table, explain or export them')
    .option('--date <date>', 'one game date (YYYY-MM-DD)')
    .option('--from <date>', 'first date of a range')
    .option('--to <date>', 'last date of a range')
    .option(
      '--as-of <instant>',
      "serving cutoff (ISO instant): builds `asof` rows; default: each game's tip-off",
    )
    .option('--sets <list>', 'comma-separated feature sets (default v9,v12,v12_noveg)')
    .option('--player <name>', 'with --explain: the player (name or player_id)')
    .option(
      '--explain',
      "print each value of the player's rows with its source and inputs (nothing is written)",
    )
    .option('--export <file>', "write the date's stored tipoff rows as CSV")
    .option('--contract', 'print the feature contract (sets, names, tags, ranges, contract_hash)')
    .option('--json', 'print one JSON line')
    .action(
      action(async (opts: FeaturesOptions, cmd: Command) => {
        const ctx = cliContext(cmd);
        if (opts.contract) {
          const c = describeContract(ctx.config);
          if (opts.json) return printJson({ sets: c });
          for (const s of c)
            console.log(`${s.version} (${s.features.length} features) contract_hash ${s.contract_hash}`);
          return;
        }
        const sets = parseSets(opts.sets);
        const { from, to } = range(opts);
        const cutoff = cutoffOf(opts.asOf);
        if (opts.export) {
          if (!opts.date) throw new CliError('--export needs --date', 2);
          const file = opts.export;
          const r = await withApp(ctx, (app) => exportFeatures(app, { date: from, sets, file }));
          return opts.json ? printJson(r) : console.log(`wrote ${r.rows} rows to ${r.file}`);
        }
        if (opts.explain) {
          if (!opts.player) throw new CliError('--explain needs --player NAME', 2);
          if (!opts.date) throw new CliError('--explain needs --date', 2);
          const player = opts.player;
          const rows = await withApp(ctx, (app) => explainFeatures(app, { from, to, cutoff, sets, player }));
          return opts.json ? printJson({ date: from, rows }) : printExplained(rows);
        }
        const b = await withApp(ctx, (app) => features(app, { from, to, cutoff, sets }));
        const s = b.summary;
        if (opts.json)
          return printJson({
            dates: s.dates,
            rows: s.rows,
            quality_ready: s.quality_ready,
            by_set: s.by_set,
            blocked_by_reason: s.blocked_by_reason,
            seconds: s.seconds,
            run_id: s.run_id,
            cutoff_kind: s.cutoff_kind,
            player_games: s.player_games,
            feature_range: s.feature_range,
          });
        printBuild(from, to, s);
      }),
    );
}
