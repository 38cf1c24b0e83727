import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { playerLookup } from '../../domain/names.ts';
import { parseCsv } from '../../sources/files/csv.ts';
import { seedIdentity } from '../../sources/identity.ts';
import { retryRejects } from '../../sources/ingest/ingest.ts';
import { withRun } from '../../store/runs.ts';
import type { Queryable } from '../../store/store.ts';
import { action, CliError, cliContext, printJson, withStore } from '../context.ts';

interface AliasArg {
  source: string;
  raw_name: string;
  player_id: number;
  note: string | null;
}

/** Writes operator aliases (an existing alias of the same source and name is replaced). */
async function putAliases(tx: Queryable, rows: AliasArg[]): Promise<void> {
  const seen = new Map<string, AliasArg>();
  for (const r of rows) seen.set(`${r.source}\u0000${r.raw_name}`, r);
  const now = new Date().toISOString();
  await tx.insertMany(
    'player_aliases',
    ['source', 'raw_name', 'player_id', 'created_at', 'created_by', 'note'],
    [...seen.values()].map((r) => [r.source, r.raw_name, r.player_id, now, 'cli', r.note]),
    {
      onConflict:
        'ON CONFLICT (source, raw_name) DO UPDATE SET player_id = excluded.player_id, created_at = excluded.created_at, created_by = excluded.created_by, note = excluded.note',
    },
  );
}

function parsePlayerId(s: string): number {
  const id = Number(s);
  if (!Number.isSafeInteger(id) || id <= 0)
    throw new CliError(`--player must be an NBA person id, got ${JSON.stringify(s)}`, 2);
  return id;
}

export function registerAliases(program: Command): void {
  const aliases = program.command('aliases').description('player name aliases (spec 01 §8)');

  const addOrImport = async (cmd: Command, rows: AliasArg[], json?: boolean) => {
    const ctx = cliContext(cmd);
    await withStore(ctx, async (store) => {
      await seedIdentity(store);
      const ids = [...new Set(rows.map((r) => r.player_id))];
      const known = new Set(
        (
          await store.query<{ player_id: number }>(
            `SELECT player_id FROM players WHERE player_id IN (${ids.join(', ')})`,
          )
        ).map((r) => Number(r.player_id)),
      );
      const unknown = ids.filter((id) => !known.has(id));
      if (unknown.length)
        ctx.log.warn(
          { player_ids: unknown },
          'no box score has this player yet; the alias resolves once he appears',
        );
      const result = await withRun(store, { phase: 'aliases', configHash: ctx.loaded.hash }, async (run) => {
        const retry = await store.transaction(async (tx) => {
          await putAliases(tx, rows);
          return retryRejects(tx, {
            sinceDays: 36_500,
            names: rows.map((r) => r.raw_name),
            candidateMinSimilarity: ctx.config.identity.candidateMinSimilarity,
            run_id: run.runId,
          });
        });
        run.counts = { aliases: rows.length, ...retry };
        return retry;
      });
      const out = { aliases: rows.length, unknown_players: unknown, ...result };
      if (json) printJson(out);
      else
        console.log(
          `${rows.length} alias(es) written; re-resolved ${result.resolved} of ${result.retried} open rejects (${result.inserted} rows inserted)`,
        );
    });
  };

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
          cmd: Command,
        ) => {
          const name = opts.name.trim();
          if (!playerLookup(name)) throw new CliError('--name is empty', 2);
          await addOrImport(
            cmd,
            [
              {
                source: opts.source,
                raw_name: name,
                player_id: parsePlayerId(opts.player),
                note: opts.note ?? null,
              },
            ],
            opts.json,
          );
        },
      ),
    );

  aliases
    .command('import <csv>')
    .description('add aliases from a CSV: source,raw_name,player_id[,note]')
    .option('--json', 'print one JSON line')
    .action(
      action(async (path: string, opts: { json?: boolean }, cmd: Command) => {
        let text: string;
        try {
          text = readFileSync(path, 'utf8');
        } catch {
          throw new CliError(`cannot read ${path}`);
        }
        const file = parseCsv(text);
        const [s, n, p] = file.header;
        if (s !== 'source' || n !== 'raw_name' || p !== 'player_id')
          throw new CliError(`${path}: header must start with source,raw_name,player_id`, 2);
        const rows: AliasArg[] = [];
        for (const r of file.rows) {
          const id = Number(r.fields[2]);
          if (!r.fields[1]?.trim() || !Number.isSafeInteger(id) || id <= 0)
            throw new CliError(`${path} line ${r.line}: needs a raw_name and a numeric player_id`, 2);
          rows.push({
            source: r.fields[0].trim() || '*',
            raw_name: r.fields[1].trim(),
            player_id: id,
            note: r.fields[3]?.trim() || null,
          });
        }
        if (!rows.length) throw new CliError(`${path}: no aliases`, 2);
        await addOrImport(cmd, rows, opts.json);
      }),
    );

  aliases
    .command('list')
    .description('list aliases')
    .option('--source <source>', 'only this source')
    .option('--json', 'print one JSON line')
    .action(
      action(async (opts: { source?: string; json?: boolean }, cmd: Command) => {
        const ctx = cliContext(cmd);
        await withStore(ctx, async (store) => {
          await seedIdentity(store);
          const rows = await store.query<{
            source: string;
            raw_name: string;
            player_id: number;
            name: string | null;
            created_by: string;
            note: string | null;
          }>(
            `SELECT a.source, a.raw_name, a.player_id, p.name, a.created_by, a.note
             FROM player_aliases a LEFT JOIN players p ON p.player_id = a.player_id
             WHERE ($1::TEXT IS NULL OR a.source = $1) ORDER BY a.source, a.raw_name`,
            [opts.source ?? null],
          );
          if (opts.json) printJson({ aliases: rows });
          else
            for (const r of rows)
              console.log(
                `${r.source.padEnd(22)} ${r.raw_name.padEnd(28)} → ${r.player_id} ${r.name ?? '(not seen yet)'}  [${r.created_by}]`,
              );
        });
      }),
    );
}
