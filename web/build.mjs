// Builds the web app into web/dist (`npm run web:build`; `npm start` runs it first through
// `prestart` with --if-stale, so `npm ci && npm start` leaves a built site with no manual step).
// --if-stale: skip when web/dist/index.html is newer than every source of the app.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const WEB = dirname(fileURLToPath(import.meta.url));
const INDEX = join(WEB, 'dist', 'index.html');
const SOURCES = ['src', 'public', 'index.html', 'vite.config.ts', 'build.mjs'].map((p) => join(WEB, p));

function newest(path) {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let m = s.mtimeMs;
  for (const n of readdirSync(path)) m = Math.max(m, newest(join(path, n)));
  return m;
}

export function isStale() {
  return !existsSync(INDEX) || statSync(INDEX).mtimeMs < Math.max(...SOURCES.map(newest));
}

const LOCK = join(WEB, '.build-lock');
const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** One build at a time (parallel test files share web/dist): mkdir is the atomic lock. */
function withLock(fn) {
  const until = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // a lock older than 3 minutes belongs to a build that died
      if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > 180_000)
        rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() > until) throw new Error(`web build: ${LOCK} held for 3 minutes`);
      sleep(200);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

export function build({ quiet = false, ifStale = false } = {}) {
  return withLock(() => {
    if (ifStale && !isStale()) return { status: 0, stdout: '', stderr: '' };
    return runVite(quiet);
  });
}

function runVite(quiet) {
  const vite = join(WEB, '..', 'node_modules', 'vite', 'bin', 'vite.js');
  const args = [vite, 'build', '--config', join(WEB, 'vite.config.ts')];
  if (quiet) args.push('--logLevel', 'warn');
  return spawnSync(process.execPath, args, {
    cwd: join(WEB, '..'),
    stdio: quiet ? 'pipe' : 'inherit',
    encoding: 'utf8',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const ifStale = process.argv.includes('--if-stale');
  if (ifStale && !isStale()) process.exit(0);
  const res = build({ quiet: process.argv.includes('--quiet'), ifStale });
  if (res.status !== 0) {
    if (res.stdout) process.stderr.write(res.stdout);
    if (res.stderr) process.stderr.write(res.stderr);
    console.error('web build failed (web/dist not written)');
  }
  process.exit(res.status ?? 1);
}
