import type { Command } from 'commander';
import { playerLookup } from '../../domain/names.ts';
import { type AliasArg, addAliases, listAliases, readAliasCsv } from '../../orchestrate/ingest.ts';
import { action, CliError, cliContext, printJson, withApp } from '../context.ts';

function parsePlayerId(s: string): number {
  const id = Number(s);
  if (!Number.isSafeInteger(id) || id <= 0)
    throw new CliError(`--player must be an NBA person id, got ${JSON.stringify(s)}`, 2);
  return id;
}

async function write(cmd: Command, rows: AliasArg[], json?: boolean): Promise<void> {
  const out = await withApp(cliContext(cmd), (app) => addAliases(app, rows));
  if (json) printJson(out);
  else
    console.log(
      `${rows.length} alias(es) written; re-resolved ${out.resolved} of ${out.retried} open rejects (${out.inserted} rows inserted)`,
    );
}

export function registerAliases(program: Command): void {
  const aliases = program.command('aliases').description('player name aliases');

  aliases
    .command('add')
    .description('map a raw name of a source to a player id, and re-resolve its open rejects')
    .requiredOption('--name <raw>', 'the name as the source writes it')
    .requiredOption('--player <id>', 'NBA person id')
    .option(
      '--source <source>',
      'source the alias applies to (odds_api, injuries, files:odds-snapshots, * = all)',
      '*',
    )
    .option('--note <text>', 'why')
    .option('--json', 'print one JSON line')
    .action(
      action(
        async (
          opts: { name: string; player: string; source: string; note?: string; json?: boolean },
          cmd,
        ) => {
          const name = opts.name.trim();
          if (!playerLookup(name)) throw new CliError('--name is empty', 2);
          const row = {
            source: opts.source,
            raw_name: name,
            player_id: parsePlayerId(opts.player),
            note: opts.note ?? null,
          };
          await write(cmd, [row], opts.json);
        },
      ),
    );

  aliases
    .command('import <csv>')
    .description('add aliases from a CSV: source,raw_name,player_id[,note]')
    .option('--json', 'print one JSON line')
    .action(
      action(async (path: string, opts: { json?: boolean }, cmd: Command) => {
        await write(cmd, readAliasCsv(path), opts.json);
      }),
    );

  aliases
    .command('list')
    .description('list aliases')
    .option('--source <source>', 'only this source')
    .option('--json', 'print one JSON line')
    .action(
      action(async (opts: { source?: string; json?: boolean }, cmd: Command) => {
        const rows = await withApp(cliContext(cmd), (app) => listAliases(app, opts));
        if (opts.json) return printJson({ aliases: rows });
        for (const r of rows)
          console.log(
            `${r.source.padEnd(22)} ${r.raw_name.padEnd(28)} → ${r.player_id} ${r.name ?? '(not seen yet)'}  [${r.created_by}]`,
          );
      }),
    );
}
