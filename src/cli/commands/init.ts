import type { Command } from 'commander';
import { initStore } from '../../orchestrate/init.ts';
import { action, cliContext, printJson } from '../context.ts';

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('create or migrate the store (idempotent)')
    .option('--json', 'print one JSON summary')
    .action(
      action(async (opts: { json?: boolean }, cmd: Command) => {
        const s = await initStore(cliContext(cmd).config);
        if (opts.json) printJson(s);
        else
          console.log(
            s.applied.length
              ? `store ${s.store}: applied ${s.applied.length} migration(s): ${s.applied.join(', ')}`
              : `store ${s.store}: up to date (${s.migrations} migrations)`,
          );
      }),
    );
}
