import type { Command } from 'commander';
import {
  FILE_KINDS,
  importPaths,
  isFileKind,
  type KindSummary,
  reparseSource,
} from '../../orchestrate/ingest.ts';
import { action, CliError, cliContext, printJson, requireDate, withApp } from '../context.ts';
import { line, printHuman } from '../views/import.ts';

async function runReparse(
  cmd: Command,
  source: string,
  opts: { json?: boolean; from?: string; to?: string },
): Promise<void> {
  const from = opts.from ? requireDate(opts.from, '--from') : null;
  const to = opts.to ? requireDate(opts.to, '--to') : null;
  const out = await withApp(cliContext(cmd), (app) => reparseSource(app, { source, from, to }));
  if (opts.json) printJson(out);
  else {
    const { kind: _k, source: _s, payloads, failed, ...counts } = out;
    console.log(line(`${source} (${payloads} payloads)`, { files: payloads, ...counts } as KindSummary));
    for (const f of failed) console.log(`failed: ${f.key}: ${f.error}`);
  }
  if (out.failed.length) process.exitCode = 1;
}

export function registerImport(program: Command): void {
  program
    .command('import')
    .description(
      `import files or folders (kinds: ${FILE_KINDS.join(', ')}; detected from the header when not given)`,
    )
    .argument('[kind-or-path]', 'a kind, or the first path')
    .argument('[paths...]', 'more files or folders')
    .option('--json', 'print one JSON summary line')
    .option('--dry-run', 'parse and validate only; write nothing')
    .option('--captured-at <iso>', 'capture time for odds files without raw_YYYYMMDD_HHMMSS in the name')
    .option(
      '--reparse <source>',
      'rebuild rows from the stored payloads of a source (e.g. files:odds-snapshots)',
    )
    .option('--from <date>', 'with --reparse: payloads fetched on or after this date')
    .option('--to <date>', 'with --reparse: payloads fetched on or before this date')
    .action(
      action(
        async (
          first: string | undefined,
          rest: string[],
          opts: {
            json?: boolean;
            dryRun?: boolean;
            capturedAt?: string;
            reparse?: string;
            from?: string;
            to?: string;
          },
          cmd: Command,
        ) => {
          if (opts.reparse) {
            await runReparse(cmd, opts.reparse, opts);
            return;
          }
          if (!first)
            throw new CliError('import: give a kind and/or files or folders (or --reparse <source>)', 2);
          const kind = isFileKind(first) ? first : null;
          const paths = kind ? rest : [first, ...rest];
          if (!paths.length) throw new CliError(`import ${first}: give at least one file or folder`, 2);
          let capturedAt: string | null = null;
          if (opts.capturedAt) {
            const t = Date.parse(opts.capturedAt);
            if (Number.isNaN(t) || !/[zZ]|[+-]\d{2}:?\d{2}$/.test(opts.capturedAt))
              throw new CliError(
                `--captured-at must be an ISO instant with a zone, got ${JSON.stringify(opts.capturedAt)}`,
                2,
              );
            capturedAt = new Date(t).toISOString();
          }
          const summary = await withApp(cliContext(cmd), (app) =>
            importPaths(app, { kind, paths, dryRun: opts.dryRun, capturedAt }),
          );
          if (opts.json) {
            const { tables, ...rest } = summary;
            printJson({ ...rest, tables });
          } else printHuman(summary);
          if (summary.invalid_files.length) process.exitCode = 1;
        },
      ),
    );
}
