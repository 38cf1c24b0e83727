#!/usr/bin/env node
// Runs the compiled CLI from dist/ (built by `npm ci` through `prepare`, or here when src/ is
// newer), loading only the command group asked for; `courtedge --help` prints the help text
// recorded at build time. Without a usable build (no esbuild, a source that does not compile)
// it runs the TypeScript sources through tsx, as development and tests do.
import { pathToFileURL } from 'node:url';
import { build, currentBuild } from '../scripts/build-bin.mjs';

async function compiled() {
  const cur = currentBuild();
  if (cur) return cur;
  try {
    await build({ quiet: true });
    return currentBuild();
  } catch {
    return null;
  }
}

/** The first command word after the root options (--store X, --config X). */
function commandWord(args) {
  let i = 0;
  while (i < args.length) {
    const a = args[i];
    if (a === '--store' || a === '--config') i += 2;
    else if (a.startsWith('--store=') || a.startsWith('--config=')) i += 1;
    else return { word: a, rest: args.length - i - 1 };
  }
  return { word: undefined, rest: 0 };
}

const cur = await compiled();
if (!cur) {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
} else {
  const at = (rel) => pathToFileURL(`${cur.dir}/${rel}`).href;
  const { word, rest } = commandWord(process.argv.slice(2));
  const group = cur.manifest?.groups.find((g) => g.commands.includes(word));
  if (cur.manifest?.rootHelp && (word === '--help' || word === '-h' || (word === 'help' && rest === 0))) {
    process.stdout.write(cur.manifest.rootHelp);
  } else if (group) {
    const [{ buildProgramWith, runProgram }, mod] = await Promise.all([
      import(at('cli/program.js')),
      import(at(group.module)),
    ]);
    await runProgram(buildProgramWith([mod[group.exportName]]), process.argv);
  } else {
    await import(at('cli/main.js'));
  }
}
