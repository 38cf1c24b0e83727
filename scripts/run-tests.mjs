// Node 20's test runner neither expands globs nor loads .ts: list the files and load tsx.
// Usage: node scripts/run-tests.mjs [path-prefix …]   (default: every test/**/*.test.ts)
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

// A test that hangs fails after this long instead of holding CI until its own limit.
const TEST_TIMEOUT_MS = 300_000;

const prefixes = process.argv.slice(2);
const all = walk('test');
const files = prefixes.length ? all.filter((f) => prefixes.some((p) => f.startsWith(p))) : all;
if (files.length === 0) {
  console.error('run-tests: no test files matched');
  process.exit(1);
}
// Browser tests measure layout shift and timings a busy machine skews (PostgreSQL and backtest
// tests beside them): they run after the rest, on their own.
const isBrowser = (f) => f.split(/[\\/]/).includes('browser');
const groups = [files.filter((f) => !isBrowser(f)), files.filter(isBrowser)].filter((g) => g.length);
let status = 0;
for (const group of groups) {
  const res = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-concurrency=2', `--test-timeout=${TEST_TIMEOUT_MS}`, ...group],
    {
      stdio: 'inherit',
      env: { ...process.env, COURTEDGE_LOG_LEVEL: process.env.COURTEDGE_LOG_LEVEL ?? 'warn' },
    },
  );
  if ((res.status ?? 1) !== 0) status = res.status ?? 1;
}
process.exit(status);
