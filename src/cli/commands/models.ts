import type { Command } from 'commander';
import {
  changeModel,
  enableAllTrained,
  type ModelAction,
  modelShow,
  modelsList,
  RegistryError,
} from '../../orchestrate/models.ts';
import { action, CliError, cliContext, printJson, withApp } from '../context.ts';
import { pct } from '../format.ts';

type ChangeOpts = { reason?: string; force?: boolean; json?: boolean; allTrained?: boolean };

async function enableAll(id: string | undefined, opts: ChangeOpts, cmd: Command): Promise<void> {
  if (id) throw new CliError('give a model id or --all-trained, not both', 2);
  const r = await withApp(cliContext(cmd), (app) =>
    enableAllTrained(app, { force: opts.force, reason: opts.reason, publish: true }),
  );
  if (opts.json) printJson(r);
  else {
    console.log(
      `enabled ${r.enabled.length} model(s) as shadow${r.enabled.length ? `: ${r.enabled.join(', ')}` : ''}`,
    );
    for (const f of r.refused) console.log(`refused ${f.system_id}: ${f.error}`);
  }
  if (r.refused.length) process.exitCode = 1;
}

export function registerModels(program: Command): void {
  const models = program.command('models').description('the model registry');

  models
    .command('list')
    .description(
      'id, family, status, enabled, window, validation MAE and HR@3 (N), gates on the evaluation window',
    )
    .option('--status <status>', 'only this status')
    .option('--family <family>', 'only this family')
    .option('--json', 'print one JSON line {models:[…]}')
    .action(
      action(async (opts: { status?: string; family?: string; json?: boolean }, cmd: Command) => {
        const rows = await withApp(cliContext(cmd), (app) => modelsList(app, opts));
        if (opts.json) return printJson({ models: rows });
        if (!rows.length) return console.log('no models');
        for (const r of rows)
          console.log(
            `${r.system_id.padEnd(42)} ${r.family.padEnd(15)} ${r.status.padEnd(9)} ${r.enabled ? 'on ' : 'off'} ${r.train_start}…${r.train_end} validation: mae ${r.val_mae ?? '-'} HR@3 ${pct(r.hr3)} (N=${r.hr3_n}) · gates (evaluation window): ${r.gates}${r.is_champion ? ' ★' : ''}`,
          );
      }),
    );

  models
    .command('show <id>')
    .description('every column, each gate with its figure, top-15 importance, residual quantiles')
    .option('--json', 'print the row as one JSON line')
    .action(
      action(async (id: string, opts: { json?: boolean }, cmd: Command) => {
        const {
          model: m,
          residual_summary,
          importance,
        } = await withApp(cliContext(cmd), (app) => modelShow(app, id));
        if (opts.json)
          return printJson({ ...m, residual_quantiles: undefined, residual_summary, importance });
        const { importance: _i, gates, metrics, residual_quantiles: _q, ...rest } = m;
        for (const [k, v] of Object.entries(rest))
          console.log(`${k.padEnd(20)} ${typeof v === 'object' && v !== null ? JSON.stringify(v) : v}`);
        console.log(`metrics              ${JSON.stringify(metrics)}`);
        console.log('gates:');
        for (const g of Object.values(gates ?? {}))
          console.log(
            `  ${g.gate.padEnd(17)} ${g.outcome.padEnd(12)} figure ${g.figure ?? '-'}${g.interval ? ` [${g.interval.low}, ${g.interval.high}]` : ''} bar ${g.threshold ?? '-'} n ${g.n}${g.n_needed ? ` (needs ~${g.n_needed})` : ''}${g.note ? ` (${g.note})` : ''}`,
          );
        console.log('importance (top 15):');
        for (const f of importance)
          console.log(`  ${f.feature.padEnd(32)} gain ${pct(f.gain_share)} splits ${f.split}`);
        console.log(
          `residual quantiles: ${Object.entries(residual_summary)
            .map(([k, v]) => `${k} ${v}`)
            .join('  ')}`,
        );
      }),
    );

  const change = (name: ModelAction, desc: string, force = false) => {
    const c = models
      .command(`${name} ${force ? '[id]' : '<id>'}`)
      .description(desc)
      .option('--reason <text>', 'recorded with the change')
      .option('--json', 'print {system_id, status, enabled}');
    if (force) c.option('--force', 'enable a model that failed gates (needs --reason)');
    if (force) c.option('--all-trained', 'every candidate/blocked model instead of one id');
    c.action(
      action(async (id: string | undefined, opts: ChangeOpts, cmd: Command) => {
        if (opts.allTrained) return enableAll(id, opts, cmd);
        if (!id) throw new CliError(`models ${name}: give a model id${force ? ' or --all-trained' : ''}`, 2);
        const m = await withApp(cliContext(cmd), (app) =>
          changeModel(app, { action: name, id, force: opts.force, reason: opts.reason, publish: true }),
        ).catch((e) => {
          throw e instanceof RegistryError ? new CliError(e.message, 1) : e;
        });
        if (opts.json) printJson(m);
        else
          console.log(
            `${m.system_id}: ${m.status}${m.enabled ? ' (enabled)' : ''}${m.is_champion ? ' ★ champion' : ''}`,
          );
      }),
    );
  };
  change(
    'enable',
    'candidate/retired/blocked → shadow (refused if gates failed unless --force --reason)',
    true,
  );
  change('disable', 'shadow → candidate (refused for the champion and below the floor)');
  change('promote', 'shadow → champion (needs gates passed and minShadowDays of predictions)');
  change('retire', '→ retired (refused for the champion and below the floor)');
}
