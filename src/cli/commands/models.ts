import type { Command } from 'commander';
import { gateSummary } from '../../models/gates.ts';
import {
  disableModel,
  enableModel,
  getModel,
  listModels,
  type ModelRow,
  promoteModel,
  RegistryError,
  retireModel,
} from '../../models/registry.ts';
import { action, CliError, cliContext, printJson, withStore } from '../context.ts';

function summaryOf(m: ModelRow) {
  const hr3 = (m.metrics as any)?.hr3;
  return {
    system_id: m.system_id,
    family: m.family,
    status: m.status,
    enabled: m.enabled,
    is_champion: m.is_champion,
    train_start: m.train_start,
    train_end: m.train_end,
    val_mae: (m.metrics as any)?.mae ?? null,
    hr3: hr3?.hr ?? null,
    hr3_n: hr3?.n ?? 0,
    gates: gateSummary(m.gates),
    gates_passed: m.gates_passed,
  };
}

const pct = (x: number | null | undefined) =>
  x === null || x === undefined ? '-' : `${(x * 100).toFixed(1)}%`;

function quantileAt(q: number[] | null, level: number): number | null {
  if (!q?.length) return null;
  return Math.round(q[Math.round(level * (q.length - 1))] * 100) / 100;
}

export function registerModels(program: Command): void {
  const models = program.command('models').description('the model registry (spec 03 §6)');

  models
    .command('list')
    .description('id, family, status, enabled, window, validation MAE, HR@3 (N), gates passed/total')
    .option('--status <status>', 'only this status')
    .option('--family <family>', 'only this family')
    .option('--json', 'print one JSON line {models:[…]}')
    .action(
      action(async (opts: any, cmd: Command) => {
        const ctx = cliContext(cmd);
        await withStore(ctx, async (store) => {
          const rows = (await listModels(store, { status: opts.status, family: opts.family })).map(summaryOf);
          if (opts.json) return printJson({ models: rows });
          if (!rows.length) return console.log('no models');
          for (const r of rows) {
            console.log(
              `${r.system_id.padEnd(42)} ${r.family.padEnd(15)} ${r.status.padEnd(9)} ${r.enabled ? 'on ' : 'off'} ${r.train_start}…${r.train_end} mae ${r.val_mae ?? '-'} HR@3 ${pct(r.hr3)} (N=${r.hr3_n}) gates ${r.gates}${r.is_champion ? ' ★' : ''}`,
            );
          }
        });
      }),
    );

  models
    .command('show <id>')
    .description('every column, each gate with its figure, top-15 importance, residual quantiles')
    .option('--json', 'print the row as one JSON line')
    .action(
      action(async (id: string, opts: any, cmd: Command) => {
        const ctx = cliContext(cmd);
        await withStore(ctx, async (store) => {
          const m = await getModel(store, id);
          if (!m) throw new CliError(`no model ${id}`);
          const q = m.residual_quantiles;
          const quantiles = Object.fromEntries(
            [0.05, 0.25, 0.5, 0.75, 0.95].map((l) => [`p${l * 100}`, quantileAt(q, l)]),
          );
          const top = (m.importance ?? []).slice(0, 15);
          if (opts.json)
            return printJson({
              ...m,
              residual_quantiles: undefined,
              residual_summary: quantiles,
              importance: top,
            });
          const { importance: _i, gates, metrics, residual_quantiles: _q, ...rest } = m;
          for (const [k, v] of Object.entries(rest))
            console.log(`${k.padEnd(20)} ${typeof v === 'object' && v !== null ? JSON.stringify(v) : v}`);
          console.log(`metrics              ${JSON.stringify(metrics)}`);
          console.log('gates:');
          for (const g of Object.values(gates ?? {})) {
            console.log(
              `  ${g.gate.padEnd(17)} ${g.outcome.padEnd(12)} figure ${g.figure ?? '-'}${g.interval ? ` [${g.interval.low}, ${g.interval.high}]` : ''} bar ${g.threshold ?? '-'} n ${g.n}${g.n_needed ? ` (needs ~${g.n_needed})` : ''}${g.note ? ` (${g.note})` : ''}`,
            );
          }
          console.log('importance (top 15):');
          for (const f of top)
            console.log(`  ${f.feature.padEnd(32)} gain ${pct(f.gain_share)} splits ${f.split}`);
          console.log(
            `residual quantiles: ${Object.entries(quantiles)
              .map(([k, v]) => `${k} ${v}`)
              .join('  ')}`,
          );
        });
      }),
    );

  const change = (name: string, desc: string, fn: typeof enableModel, extra?: (c: Command) => Command) => {
    let c = models
      .command(`${name} <id>`)
      .description(desc)
      .option('--reason <text>', 'recorded with the change')
      .option('--json', 'print {system_id, status, enabled}');
    if (extra) c = extra(c);
    c.action(
      action(async (id: string, opts: any, cmd: Command) => {
        const ctx = cliContext(cmd);
        await withStore(ctx, async (store) => {
          try {
            const m = await fn(store, id, ctx.config.models.registry, {
              force: !!opts.force,
              reason: opts.reason,
            });
            if (opts.json)
              printJson({
                system_id: m.system_id,
                status: m.status,
                enabled: m.enabled,
                is_champion: m.is_champion,
              });
            else
              console.log(
                `${m.system_id}: ${m.status}${m.enabled ? ' (enabled)' : ''}${m.is_champion ? ' ★ champion' : ''}`,
              );
          } catch (e) {
            if (e instanceof RegistryError) throw new CliError(e.message, 1);
            throw e;
          }
        });
      }),
    );
  };
  change(
    'enable',
    'candidate/retired/blocked → shadow (refused if gates failed unless --force --reason)',
    enableModel,
    (c) => c.option('--force', 'enable a model that failed gates (needs --reason)'),
  );
  change('disable', 'shadow → candidate (refused for the champion and below the floor)', disableModel);
  change('promote', 'shadow → champion (needs gates passed and minShadowDays of predictions)', promoteModel);
  change('retire', '→ retired (refused for the champion and below the floor)', retireModel);
}
