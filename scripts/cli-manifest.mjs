// Run by build-bin.mjs inside a fresh build (argv[2] = its directory): records which command
// module registers which commands, and the root help text, so the bin can load one command
// group (or none, for `--help`) instead of all of them. Prints the manifest as JSON.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const dir = process.argv[2];
const url = (rel) => pathToFileURL(join(dir, rel)).href;
const { Command } = await import('commander');
const { buildProgramWith } = await import(url('cli/program.js'));
const { commandGroups } = await import(url('cli/commands/index.js'));

// The index's import lines name each register function's module (one line per group).
const index = readFileSync(join(dir, 'cli/commands/index.js'), 'utf8');
const groups = [];
for (const m of index.matchAll(/import \{\s*(register\w+)\s*\} from "\.\/([\w./-]+\.js)"/g)) {
  const [, exportName, file] = m;
  const mod = await import(url(`cli/commands/${file}`));
  const probe = new Command('courtedge');
  mod[exportName](probe);
  const commands = probe.commands.flatMap((c) => [c.name(), ...c.aliases()]);
  groups.push({ module: `cli/commands/${file}`, exportName, commands });
}
const registered = buildProgramWith(commandGroups);
const names = registered.commands.flatMap((c) => [c.name(), ...c.aliases()]);
const covered = new Set(groups.flatMap((g) => g.commands));
// A group the regex missed would make a command unreachable on the fast path: refuse.
if (names.some((n) => !covered.has(n)))
  throw new Error(`manifest misses ${names.filter((n) => !covered.has(n))}`);
process.stdout.write(JSON.stringify({ rootHelp: registered.helpInformation(), groups }));
