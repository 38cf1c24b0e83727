import type { Command } from 'commander';
import { exportDate } from '../../orchestrate/publish.ts';
import { action, cliContext, printJson, requireDate, withApp } from '../context.ts';

/** `courtedge export --date D [--out DIR] [--json]` (spec 07 §1): writes every export file of D. */
export function registerExport(program: Command): void {
  program
    .command('export')
    .description('write the JSON exports of a date (v1/… under publish.dir or --out) and the manifest')
    .option('--date <date>', 'game date (YYYY-MM-DD)')
    .option('--out <dir>', 'export directory instead of publish.dir')
    .option('--json', 'print {files:[{path, sha256, bytes}]}')
    .action(
      action(async (opts: { date?: string; out?: string; json?: boolean }, cmd: Command) => {
        const date = requireDate(opts.date);
        const r = await withApp(cliContext(cmd), (app) => exportDate(app, { date, out: opts.out }));
        if (opts.json) {
          printJson({ run_id: r.run_id, date: r.date, as_of: r.as_of, files: r.files, manifest: r.manifest });
          return;
        }
        const bytes = r.files.reduce((s, f) => s + f.bytes, 0);
        console.log(
          `exported ${r.files.length} files for ${r.date} (current files as of ${r.as_of}), ${bytes} bytes; run ${r.run_id}`,
        );
        for (const f of r.files) console.log(`  ${f.path}  ${f.bytes} B  ${f.sha256.slice(0, 12)}`);
      }),
    );
}
