// `npm run bench -- cli [runs]`: start-up of the shipped bin (issue 17: `courtedge --help`
// < 300 ms). Times `courtedge --help` (help text recorded at build), `courtedge clock --help`
// (loads one command group) and, for comparison, the sources through tsx. Builds dist/ first
// when it is stale, outside the timing. Prints one JSON line.
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
// @ts-expect-error plain JavaScript module without types
import { build, currentBuild } from '../scripts/build-bin.mjs';

const runs = Number(process.argv[2] ?? 9);
if (!currentBuild()) await build({ quiet: true });

function time(args: string[]): { median_ms: number; min_ms: number } {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    execFileSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { median_ms: Math.round(ms[runs >> 1]), min_ms: Math.round(ms[0]) };
}

const help = time(['bin/courtedge.js', '--help']);
const group = time(['bin/courtedge.js', 'clock', '--help']);
const tsx = time(['--import', 'tsx', 'src/cli/main.ts', '--help']);
process.stdout.write(
  `${JSON.stringify({
    bench: 'cli',
    runs,
    help_ms: help.median_ms,
    help_min_ms: help.min_ms,
    command_help_ms: group.median_ms,
    tsx_help_ms: tsx.median_ms,
    target_ms: 300,
    load_average: Math.round(loadavg()[0] * 10) / 10,
  })}\n`,
);
