import type { Command } from 'commander';
import { ConfigError, describeConfig, envNameFor, loadConfig } from '../../config/load.ts';
import { action, CliError, printJson, rootOptions } from '../context.ts';

export function registerConfig(program: Command): void {
  const config = program.command('config').description('show or check the effective configuration');

  config
    .command('show')
    .description('print every key with its effective value and origin (secrets masked)')
    .option('--json', 'print {keys:{path:{value,origin}}, config_hash}')
    .action(
      action(async (opts: { json?: boolean }, cmd: Command) => {
        const g = rootOptions(cmd);
        const loaded = loadConfig({ file: g.config, overrides: { store: g.store } });
        const keys = describeConfig(loaded);
        if (opts.json) {
          const out: Record<string, { value: unknown; origin: string }> = {};
          for (const [k, v] of Object.entries(keys)) out[k] = { value: v.value, origin: v.origin };
          printJson({ keys: out, config_hash: loaded.hash, file: loaded.file });
          return;
        }
        const width = Math.max(...Object.keys(keys).map((k) => k.length));
        for (const [k, v] of Object.entries(keys)) {
          console.log(
            `${k.padEnd(width)}  ${JSON.stringify(v.value).padEnd(24)}  ${v.origin.padEnd(7)}  ${envNameFor(k)}`,
          );
        }
        console.log(`config_hash ${loaded.hash}${loaded.file ? ` (file ${loaded.file})` : ''}`);
      }),
    );

  config
    .command('check')
    .description('fail on unknown COURTEDGE_* variables and invalid values')
    .option('--json', 'print {ok, problems}')
    .action(
      action(async (opts: { json?: boolean }, cmd: Command) => {
        const g = rootOptions(cmd);
        try {
          const loaded = loadConfig({ file: g.config, overrides: { store: g.store } });
          if (opts.json) printJson({ ok: true, problems: [], config_hash: loaded.hash });
          else console.log(`config ok (config_hash ${loaded.hash})`);
        } catch (e) {
          if (!(e instanceof ConfigError)) throw e;
          if (opts.json) printJson({ ok: false, problems: e.problems });
          else for (const p of e.problems) process.stderr.write(`  ${p}\n`);
          throw new CliError(`config check failed: ${e.problems.join('; ')}`);
        }
      }),
    );
}
