// Run by build-bin.mjs inside a fresh build (argv[2] = its directory): records which command
// module registers which commands, and the root help text, so the bin can load one command
// group (or none, for `--help`) instead of all of them. Prints the manifest as JSON.
// A group whose module does not load (a source mid-edit) is left out: its commands then go
// through the full CLI, which reports the error; the other commands keep their fast path.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const dir = process.argv[2];
const url = (rel) => pathToFileURL(join(dir, rel)).href;
const { Command } = await import('commander');
const { buildProgramWith } = await import(url('cli/program.js'));

// The index's import lines name each register function's module; its array gives the order.
const index = readFileSync(join(dir, 'cli/commands/index.js'), 'utf8');
const modules = new Map(
  [...index.matchAll(/import \{\s*(register\w+)\s*\} from "\.\/([\w./-]+\.js)"/g)].map((m) => [m[1], m[2]]),
);
const order = [...(index.split('commandGroups')[1] ?? '').matchAll(/\b(register\w+)\b/g)].map((m) => m[1]);
const groups = [];
const registers = [];
for (const exportName of order) {
  const file = modules.get(exportName);
  if (!file) continue;
  try {
    const mod = await import(url(`cli/commands/${file}`));
    const probe = new Command('courtedge');
    mod[exportName](probe);
    groups.push({
      module: `cli/commands/${file}`,
      exportName,
      commands: probe.commands.flatMap((c) => [c.name(), ...c.aliases()]),
    });
    registers.push(mod[exportName]);
  } catch (e) {
    process.stderr.write(`cli-manifest: ${exportName} left out (${String(e.message).split('\n')[0]})\n`);
  }
}
// The root help lists every command, so it is recorded only when every group loaded.
const complete = groups.length === order.length && order.length === modules.size;
const rootHelp = complete ? buildProgramWith(registers).helpInformation() : null;
process.stdout.write(JSON.stringify({ rootHelp, groups }));
