// The layering check (DESIGN "Layout"): arrows point down the list of layers.
//   cli, server → orchestrate → phases (sources, features, models, predict, bestbets, grading, publish)
//   → gbdt, store, domain, config.
// Fails, naming file and import, when
//   - a src/cli file imports anything but src/orchestrate, src/config, src/domain and src/cli
//     (and src/server, the sibling driver that `courtedge serve` starts);
//   - a phase module imports src/orchestrate, src/cli or src/server;
//   - a phase imports another phase's files other than its index.ts;
//   - src/domain or src/gbdt imports anything of ours outside itself;
//   - src/store or src/config imports a phase, orchestrate, cli or server.
// Usage: node scripts/check-layers.mjs [root]   (exit 1 and one line per violation)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(process.argv[2] ?? '.');
const src = join(root, 'src');
const PHASES = new Set(['sources', 'features', 'models', 'predict', 'bestbets', 'grading', 'publish']);
const BASE = new Set(['gbdt', 'store', 'domain', 'config']);

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (/\.(ts|mts|mjs|js)$/.test(name)) out.push(p);
  }
  return out;
}

// Static imports, re-exports and dynamic imports with a literal path; template strings that hold
// generated code (worker kernels) are not imports.
const IMPORT =
  /(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|new URL\(\s*['"]([^'"]+)['"]/gm;

const layerOf = (rel) => rel.split('/')[0];

const problems = [];
for (const file of walk(src)) {
  const rel = relative(src, file).replaceAll('\\', '/');
  const layer = layerOf(rel);
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (!spec.startsWith('.')) continue;
    const target = relative(src, resolve(dirname(file), spec)).replaceAll('\\', '/');
    if (target.startsWith('..')) continue; // outside src (bench, tests): not a layer
    const to = layerOf(target);
    if (to === layer) continue;
    const where = `src/${rel} imports src/${target}`;
    if (layer === 'cli' && !['orchestrate', 'config', 'domain', 'server'].includes(to))
      problems.push(`${where}: a CLI file imports only src/orchestrate, src/config, src/domain and src/cli`);
    else if (PHASES.has(layer) && ['orchestrate', 'cli', 'server'].includes(to))
      problems.push(`${where}: a phase module never imports upward (orchestrate, cli, server)`);
    else if (PHASES.has(layer) && PHASES.has(to) && target !== `${to}/index.ts`)
      problems.push(`${where}: a phase imports another phase only through its index.ts`);
    else if ((layer === 'domain' || layer === 'gbdt') && to !== layer)
      problems.push(`${where}: src/${layer} imports nothing of ours`);
    else if (BASE.has(layer) && !BASE.has(to))
      problems.push(`${where}: src/${layer} sits below the phases and imports none of them`);
    else if (layer === 'server' && !['orchestrate', 'config', 'domain', 'server'].includes(to))
      problems.push(`${where}: the server imports only src/orchestrate, src/config and src/domain`);
  }
}
if (problems.length) {
  for (const p of problems) process.stderr.write(`layering: ${p}\n`);
  process.stderr.write(`layering: ${problems.length} violation(s)\n`);
  process.exit(1);
}
process.stdout.write('layering: ok\n');
