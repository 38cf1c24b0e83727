import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { playerLookup } from '../../domain/names.ts';
import { buildFeatures } from '../../features/builder.ts';
import {
  ALL_FEATURES,
  describeContract,
  FEATURE_SETS,
  type FeatureSetName,
  featureNames,
  isFeatureSetName,
  SET_INDICES,
} from '../../features/contract.ts';
import { readFeatureRows } from '../../features/store.ts';
import { action, CliError, cliContext, printJson, requireDate, withStore } from '../context.ts';

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

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function registerFeatures(program: Command): void {
  program
    .command('features')
    .description('build point-in-time features (spec 02) into the features table, explain or export them')
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
          if (opts.json) printJson({ sets: c });
          else
            for (const s of c)
              console.log(`${s.version} (${s.features.length} features) contract_hash ${s.contract_hash}`);
          return;
        }
        const sets = parseSets(opts.sets);
        let from: string;
        let to: string;
        if (opts.date) {
          from = requireDate(opts.date);
          to = from;
        } else if (opts.from || opts.to) {
          from = requireDate(opts.from, '--from');
          to = requireDate(opts.to, '--to');
          if (from > to) throw new CliError('--from must not be after --to', 2);
        } else throw new CliError('give --date D or --from D1 --to D2', 2);
        let cutoff: 'tipoff' | string = 'tipoff';
        if (opts.asOf) {
          if (Number.isNaN(Date.parse(opts.asOf)))
            throw new CliError(`--as-of must be an ISO instant, got ${opts.asOf}`, 2);
          cutoff = new Date(opts.asOf).toISOString();
        }

        if (opts.export) {
          if (!opts.date) throw new CliError('--export needs --date', 2);
          const file = opts.export;
          await withStore(ctx, async (store) => {
            const rows = await readFeatureRows(store, { from, to, cutoffKind: 'tipoff', sets });
            const names = ALL_FEATURES.map((f) => f.name);
            const lines = [['game_id', 'player_id', 'feature_set', ...names].join(',')];
            rows.sort(
              (a, b) =>
                a.game_id.localeCompare(b.game_id) ||
                a.player_id - b.player_id ||
                a.feature_set.localeCompare(b.feature_set),
            );
            for (const r of rows) {
              const byName = new Map(featureNames(r.feature_set).map((n, i) => [n, r.values[i]]));
              lines.push(
                [r.game_id, r.player_id, r.feature_set, ...names.map((n) => csvCell(byName.get(n)))].join(
                  ',',
                ),
              );
            }
            writeFileSync(file, `${lines.join('\n')}\n`);
            if (opts.json) printJson({ file, date: from, rows: rows.length });
            else console.log(`wrote ${rows.length} rows to ${file}`);
          });
          return;
        }

        if (opts.explain) {
          if (!opts.player) throw new CliError('--explain needs --player NAME', 2);
          if (!opts.date) throw new CliError('--explain needs --date', 2);
          await withStore(ctx, async (store) => {
            const wanted = /^\d+$/.test(opts.player!) ? Number(opts.player) : null;
            const ids = wanted
              ? [wanted]
              : (
                  await store.query<{ player_id: number }>(
                    'SELECT player_id FROM players WHERE player_lookup = $1',
                    [playerLookup(opts.player!)],
                  )
                ).map((r) => Number(r.player_id));
            if (!ids.length) throw new CliError(`no player named ${opts.player}`, 1);
            const b = await buildFeatures(store, {
              from,
              to,
              cutoff,
              sets,
              config: ctx.config,
              write: false,
              explain: true,
            });
            const mine = b.computed.filter((c) => ids.includes(c.player_id));
            if (!mine.length) throw new CliError(`${opts.player} is not on the ${from} slate`, 1);
            const out = mine.map((c) => {
              const sets_ = b.rows.filter((r) => r.game_id === c.game_id && r.player_id === c.player_id);
              return {
                game_id: c.game_id,
                player_id: c.player_id,
                team: c.team,
                opponent: c.opponent,
                cutoff_at: c.cutoff_at,
                line_at_cutoff: c.line_at_cutoff,
                quality: Object.fromEntries(
                  sets_.map((r) => [
                    r.feature_set,
                    {
                      score: r.quality_score,
                      ready: r.is_quality_ready,
                      reason: r.reason,
                      missing_required: r.missing_required,
                    },
                  ]),
                ),
                features: ALL_FEATURES.map((f) => ({
                  index: f.index,
                  name: f.name,
                  value: c.values[f.index],
                  source: c.values[f.index] === null ? 'missing' : f.tag,
                  required: f.required,
                  in_sets: FEATURE_SETS.filter((s) => SET_INDICES[s].includes(f.index)),
                  inputs: c.notes?.[f.index] ?? null,
                })),
              };
            });
            if (opts.json) {
              printJson({ date: from, rows: out });
              return;
            }
            for (const r of out) {
              console.log(
                `${r.game_id} player ${r.player_id} (${r.team} vs ${r.opponent}) cutoff ${r.cutoff_at} line ${r.line_at_cutoff ?? '-'}`,
              );
              for (const [s, q] of Object.entries(r.quality)) {
                console.log(
                  `  ${s}: quality ${q.score}${q.ready ? ' ready' : ''}${q.reason ? ` ${q.reason}` : ''}${q.missing_required.length ? ` missing ${q.missing_required.join(',')}` : ''}`,
                );
              }
              for (const f of r.features) {
                const v =
                  f.value === null
                    ? 'NULL'
                    : Number.isInteger(f.value)
                      ? String(f.value)
                      : f.value.toFixed(4);
                console.log(
                  `  ${String(f.index).padStart(2)} ${f.name.padEnd(32)} ${v.padStart(10)}  ${f.source.padEnd(10)}${f.inputs ? `  ${f.inputs}` : ''}`,
                );
              }
            }
          });
          return;
        }

        await withStore(ctx, async (store) => {
          const b = await buildFeatures(store, { from, to, cutoff, sets, config: ctx.config, log: ctx.log });
          const s = b.summary;
          const out = {
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
          };
          if (opts.json) printJson(out);
          else {
            console.log(
              `features ${from}${to !== from ? `…${to}` : ''} (${s.cutoff_kind}): ${s.player_games} player-games, ${s.rows} rows, ${s.quality_ready} quality-ready in ${s.seconds}s`,
            );
            for (const [k, v] of Object.entries(s.by_set))
              console.log(
                `  ${k}: ${v.rows} rows, ${v.ready} ready (${v.rows ? ((100 * v.ready) / v.rows).toFixed(1) : '0.0'}%)`,
              );
            for (const [k, v] of Object.entries(s.blocked_by_reason)) console.log(`  blocked ${k}: ${v}`);
          }
        });
      }),
    );
}
