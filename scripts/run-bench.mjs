// `npm run bench -- NAME` runs bench/NAME.ts, which prints one JSON line of results.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const name = process.argv[2];
const available = readdirSync('bench')
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3));
if (!name || !existsSync(`bench/${name}.ts`)) {
  console.error(`usage: npm run bench -- NAME   (available: ${available.join(', ') || 'none'})`);
  process.exit(2);
}
const res = spawnSync(process.execPath, ['--import', 'tsx', `bench/${name}.ts`, ...process.argv.slice(3)], {
  stdio: 'inherit',
  env: { ...process.env, COURTEDGE_LOG_LEVEL: process.env.COURTEDGE_LOG_LEVEL ?? 'warn' },
});
process.exit(res.status ?? 1);
