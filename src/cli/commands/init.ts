import type { Command } from 'commander';
import { listMigrations } from '../../store/migrate.ts';
import { openStore } from '../../store/open.ts';
import { action, cliContext, printJson } from '../context.ts';

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('create or migrate the store (idempotent)')
    .option('--json', 'print one JSON summary')
    .action(
      action(async (opts: { json?: boolean }, cmd: Command) => {
        const ctx = cliContext(cmd);
        const store = await openStore(ctx.config, { migrate: false });
        try {
          const { migrate } = await import('../../store/migrate.ts');
          const applied = await migrate(store);
          const summary = { store: store.location, applied, migrations: listMigrations().length };
          if (opts.json) printJson(summary);
          else
            console.log(
              applied.length
                ? `store ${store.location}: applied ${applied.length} migration(s): ${applied.join(', ')}`
                : `store ${store.location}: up to date (${summary.migrations} migrations)`,
            );
        } finally {
          await store.close();
        }
      }),
    );
}
