// Compiles src/ to dist/ (one .js per .ts, same layout) so the bin starts without compiling
// TypeScript on every run (tsx costs ~1 s per start). Development and tests keep running the
// sources through tsx; bin/courtedge.js calls this when dist/ is missing or older than src/.
//
// Why per-file and not one bundle: worker threads (predict/queue/thread-entry.mjs,
// models/fit-pool.ts, the simulator's fetch thread) and the migrations/alias seed are found
// by URLs relative to their own module, so a build keeps src/'s layout and its non-TS files.
// Relative '.ts' specifiers (imports and `new URL('./fit.ts', import.meta.url)`) become '.js'.
//
// Each build is its own directory dist/b-<stamp>/ and dist/current.json names the newest:
// a long-running command keeps loading modules from the build it started with while a later
// start rebuilds (the working tree changes under running processes during development).
//
// Usage: node scripts/build-bin.mjs [--quiet] [--if-possible]   (`prepare`: npm ci / npm install)
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const SELF = fileURLToPath(import.meta.url);
const ROOT = join(dirname(SELF), '..');
const SRC = join(ROOT, 'src');
export const DIST = join(ROOT, 'dist');
const CURRENT = join(DIST, 'current.json');
// Builds other than the current one are removed once this old (a running command may use one).
const KEEP_OLD_MS = 6 * 3600_000;

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}

/** What a build is made from: file count and newest mtime of src/ and the build scripts. */
export function sourceStamp() {
  const files = walk(SRC);
  let newest = Math.max(statSync(SELF).mtimeMs, statSync(join(ROOT, 'scripts/cli-manifest.mjs')).mtimeMs);
  for (const f of files) newest = Math.max(newest, statSync(f).mtimeMs);
  return `${files.length}-${Math.floor(newest)}`;
}

/** The current build when it matches the sources: {dir, manifest?}; otherwise null. */
export function currentBuild() {
  try {
    const cur = JSON.parse(readFileSync(CURRENT, 'utf8'));
    if (cur.stamp !== sourceStamp()) return null;
    const dir = join(DIST, cur.dir);
    return existsSync(dir) ? { dir, manifest: cur.manifest ?? null } : null;
  } catch {
    return null;
  }
}

// A relative specifier ending in .ts inside quotes: './x.ts', "../a/b.ts".
const TS_SPECIFIER = /(['"])(\.{1,2}\/[^'"\n]*?)\.ts\1/g;
const rewrite = (code) => code.replace(TS_SPECIFIER, '$1$2.js$1');
// Thread entries register tsx for the sources; compiled output needs no loader.
const dropTsx = (code) =>
  code.replace(/^import \{ register \} from 'tsx\/esm\/api';\n/m, '').replace(/^register\(\);\n/m, '');

export async function build({ quiet = false } = {}) {
  const t0 = performance.now();
  const { transform } = await import('esbuild');
  const stamp = sourceStamp();
  const name = `b-${stamp}`;
  const tmp = join(DIST, `tmp-${process.pid}-${Date.now()}`);
  const files = walk(SRC);
  try {
    await Promise.all(
      files.map(async (file) => {
        const rel = relative(SRC, file);
        const isTs = rel.endsWith('.ts');
        const out = join(tmp, isTs ? `${rel.slice(0, -3)}.js` : rel);
        mkdirSync(dirname(out), { recursive: true });
        if (isTs) {
          const res = await transform(readFileSync(file, 'utf8'), {
            loader: 'ts',
            format: 'esm',
            platform: 'node',
            target: 'node20',
            sourcefile: file,
          });
          writeFileSync(out, rewrite(res.code));
        } else if (rel.endsWith('.mjs')) {
          writeFileSync(out, dropTsx(rewrite(readFileSync(file, 'utf8'))));
        } else {
          copyFileSync(file, out);
        }
      }),
    );
    writeFileSync(join(tmp, 'package.json'), '{"type":"module"}\n');
    // The command manifest needs the built modules; without it the bin loads every command.
    const m = spawnSync(process.execPath, [join(ROOT, 'scripts/cli-manifest.mjs'), tmp], {
      encoding: 'utf8',
      env: { ...process.env, COURTEDGE_LOG_LEVEL: 'warn' },
    });
    const manifest = m.status === 0 ? JSON.parse(m.stdout) : null;
    if (!manifest && !quiet)
      process.stderr.write(`courtedge: no command manifest (${m.stderr.trim().split('\n')[0]})\n`);
    const target = join(DIST, name);
    if (existsSync(target)) rmSync(tmp, { recursive: true, force: true });
    else renameSync(tmp, target);
    // src/server/app.ts finds the built web app two levels up from itself (the repository);
    // from dist/b-…/server/ that is dist/, so dist/web points back at the repository's web/.
    // Likewise its package.json (the version /api/health reports).
    for (const [target, name] of [
      ['../web', 'web'],
      ['../package.json', 'package.json'],
    ]) {
      try {
        symlinkSync(target, join(DIST, name));
      } catch (e) {
        if (e.code !== 'EEXIST') throw e;
      }
    }
    const curTmp = `${CURRENT}.${process.pid}`;
    writeFileSync(curTmp, JSON.stringify({ stamp, dir: name, manifest }));
    renameSync(curTmp, CURRENT);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  for (const d of readdirSync(DIST)) {
    const p = join(DIST, d);
    if (
      d !== name &&
      (d.startsWith('b-') || d.startsWith('tmp-')) &&
      Date.now() - statSync(p).mtimeMs > KEEP_OLD_MS
    )
      rmSync(p, { recursive: true, force: true });
  }
  const ms = Math.round(performance.now() - t0);
  if (!quiet) process.stderr.write(`courtedge: compiled ${files.length} files to dist/${name} in ${ms} ms\n`);
  return { dir: join(DIST, name), ms };
}

if (process.argv[1] && SELF === process.argv[1]) {
  try {
    await build({ quiet: process.argv.includes('--quiet') });
  } catch (e) {
    // `prepare` under `npm ci --omit=dev` has no esbuild: the bin then runs the sources via tsx.
    if (!process.argv.includes('--if-possible')) throw e;
    process.stderr.write(
      `courtedge: no compiled bin (${e.message.split('\n')[0]}); it will run through tsx\n`,
    );
  }
}
