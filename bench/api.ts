/**
 * `npm run bench -- api`: requests per second and p99 latency of GET /v1/best-bets/all.json
 * (gzip accepted) from `courtedge serve` and from Debian's nginx (gzip_static on the same
 * exported file), on loopback, one after the other in the same run, each for a bounded time.
 * Target (00-decisions): courtedge ≥ 0.5× nginx's requests/s, p99 < 10 ms, every response 200.
 *
 * The file: the publish fixture's season (the real exporter on a seeded store, 31 days) with
 * its weeks repeated back to opening night, so all.json has a full season's size and shape
 * (validated by the exporter's own schema); `--file PATH` benches any exported all.json instead.
 * Install nginx once: `apt-get install -y nginx` (the bench runs it in the foreground with its
 * own temp config on a free loopback port, one worker, access log off; courtedge logs at warn).
 * Besides requests/s the bench reads each server's CPU time (/proc) and prints CPU-µs per
 * request: on a machine shared with other work the first measures the share of the cores the
 * server got, the second the server itself. nginx runs as one process (master_process off).
 * Options: --duration S (default 8, ≤ 10), --connections N (default 10), --file PATH.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
// @ts-expect-error autocannon ships no type declarations
import autocannon from 'autocannon';
import { addDays } from '../src/domain/dates.ts';
import { bestBetsAllSchema } from '../src/publish/index.ts';
import { publishFixture } from '../test/publish/fixture.ts';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const duration = Math.min(10, Number(arg('duration') ?? 8));
const connections = Number(arg('connections') ?? 10);
const REPO = resolve(import.meta.dirname, '..');
const TOKEN = 'bench-admin-token-0123456789abcdef-0123';

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? res(a.port) : rej(new Error('no port'))));
    });
  });
}

/** Repeats the fixture's weeks (newest first) back over a whole season, dates shifted by whole weeks. */
function seasonSized(all: any, weeks: number): any {
  const src = all.weeks as any[];
  const out: any[] = [];
  for (let i = 0; out.length < weeks; i++) {
    const w = structuredClone(src[i % src.length]);
    const shift = -7 * Math.floor(i / src.length) * src.length;
    w.week_start = addDays(w.week_start, shift);
    for (const d of w.days) {
      d.date = addDays(d.date, shift);
    }
    out.push(w);
  }
  return { ...all, weeks: out };
}

async function theFile(dir: string): Promise<{ bytes: Buffer; picks: number; source: string }> {
  const given = arg('file');
  if (given) {
    const bytes = readFileSync(given);
    return { bytes, picks: countPicks(JSON.parse(bytes.toString())), source: given };
  }
  const fx = await publishFixture();
  try {
    const all = JSON.parse(readFileSync(join(fx.dir, 'v1/best-bets/all.json'), 'utf8'));
    const season = bestBetsAllSchema.parse(seasonSized(all, 26));
    const bytes = Buffer.from(JSON.stringify(season));
    writeFileSync(join(dir, 'all.source.json'), bytes);
    return { bytes, picks: countPicks(season), source: 'publish fixture, 26 weeks' };
  } finally {
    await fx.close();
  }
}

const countPicks = (all: any) =>
  (all.weeks ?? []).reduce(
    (s: number, w: any) => s + w.days.reduce((t: number, d: any) => t + d.picks.length, 0),
    0,
  );

function writeExport(dir: string, bytes: Buffer): string {
  const sha = createHash('sha256').update(bytes).digest('hex');
  mkdirSync(join(dir, 'v1/best-bets'), { recursive: true });
  writeFileSync(join(dir, 'v1/best-bets/all.json'), bytes);
  writeFileSync(join(dir, 'v1/best-bets/all.json.gz'), gzipSync(bytes, { level: 9 }));
  writeFileSync(
    join(dir, 'v1/manifest.json'),
    JSON.stringify({
      schema_version: 1,
      generated_at: new Date().toISOString().slice(0, 19) + 'Z',
      files: [
        {
          path: 'v1/best-bets/all.json',
          sha256: sha,
          bytes: bytes.length,
          written_at: new Date().toISOString(),
          cache_control: 'public, max-age=300',
          schema_version: 1,
        },
      ],
    }),
  );
  return sha;
}

async function waitFor(url: string, child: ChildProcess, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}`);
    try {
      const r = await fetch(url);
      if (r.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what} did not answer at ${url}`);
}

/** utime + stime of a process in ms (/proc; Linux clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = f.slice(f.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * autocannon against `url`, plus the server process's own CPU time per request: on a machine
 * shared with other work, requests/s measure the share of the cores the server got; CPU-µs
 * per request measure the server itself.
 */
async function load(url: string, pid: number) {
  // A short warm-up (JIT, caches), then the measured run.
  await autocannon({ url, connections, duration: 1, headers: { 'accept-encoding': 'gzip' } });
  const c0 = cpuMs(pid);
  const r = await autocannon({ url, connections, duration, headers: { 'accept-encoding': 'gzip' } });
  const cpu = cpuMs(pid) - c0;
  return {
    cpu_us_per_request: Math.round((cpu * 1000) / Math.max(1, r.requests.total)),
    rps: Math.round(r.requests.average),
    p50_ms: r.latency.p50,
    p99_ms: r.latency.p99,
    requests: r.requests.total,
    non_2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    mb_per_s: Math.round((r.throughput.average / 1e6) * 10) / 10,
  };
}

function stop(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null) return Promise.resolve();
  return new Promise((res) => {
    child.once('exit', () => res());
    child.kill('SIGTERM');
  });
}

const work = mkdtempSync(join(tmpdir(), 'courtedge-bench-api-'));
let serve: ChildProcess | null = null;
let nginx: ChildProcess | null = null;
try {
  const file = await theFile(work);
  const exportDir = join(work, 'exports');
  writeExport(exportDir, file.bytes);
  const gz = readFileSync(join(exportDir, 'v1/best-bets/all.json.gz'));

  // courtedge serve on a fresh store of its own.
  const store = join(work, 'store.duckdb');
  const env = {
    ...process.env,
    COURTEDGE_STORE: store,
    COURTEDGE_PUBLISH_DIR: exportDir,
    COURTEDGE_ADMIN_TOKEN: TOKEN,
    COURTEDGE_LOG_LEVEL: 'warn',
    COURTEDGE_SERVER_RATE_LIMIT_PUBLIC_PER_MINUTE: '1000000000',
  };
  const bin = join(REPO, 'bin/courtedge.js');
  execFileSync(process.execPath, [bin, 'init'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const port = await freePort();
  serve = spawn(process.execPath, [bin, 'serve', '--port', String(port), '--no-schedule'], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const serveUrl = `http://127.0.0.1:${port}/v1/best-bets/all.json`;
  await waitFor(serveUrl, serve, 'courtedge serve');
  const courtedge = await load(serveUrl, serve.pid as number);
  await stop(serve);
  serve = null;

  // nginx: Debian's binary, foreground, its own prefix and config.
  let ref: Awaited<ReturnType<typeof load>> | { skipped: string };
  const nginxBin = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p));
  if (!nginxBin) {
    ref = { skipped: 'nginx not installed: apt-get install -y nginx' };
  } else {
    const nport = await freePort();
    mkdirSync(join(work, 'nginx/logs'), { recursive: true });
    const conf = join(work, 'nginx/nginx.conf');
    writeFileSync(
      conf,
      `${process.getuid?.() === 0 ? 'user root;\n' : ''}worker_processes 1;
master_process off;
daemon off;
pid ${join(work, 'nginx/nginx.pid')};
error_log ${join(work, 'nginx/logs/error.log')} warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  client_body_temp_path ${join(work, 'nginx/body')};
  proxy_temp_path ${join(work, 'nginx/proxy')};
  fastcgi_temp_path ${join(work, 'nginx/fastcgi')};
  uwsgi_temp_path ${join(work, 'nginx/uwsgi')};
  scgi_temp_path ${join(work, 'nginx/scgi')};
  types { application/json json; }
  server {
    listen 127.0.0.1:${nport};
    root ${exportDir};
    gzip_static on;
    location / { add_header Cache-Control "public, max-age=300"; }
  }
}
`,
    );
    nginx = spawn(nginxBin, ['-p', join(work, 'nginx'), '-c', conf], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const nginxUrl = `http://127.0.0.1:${nport}/v1/best-bets/all.json`;
    await waitFor(nginxUrl, nginx, 'nginx');
    ref = await load(nginxUrl, nginx.pid as number);
  }

  const ratio = 'rps' in ref && ref.rps > 0 ? Math.round((courtedge.rps / ref.rps) * 100) / 100 : null;
  // Requests per CPU-second of each server: what the ratio would be with a core each to themselves.
  const cpuRatio =
    'cpu_us_per_request' in ref && courtedge.cpu_us_per_request > 0
      ? Math.round((ref.cpu_us_per_request / courtedge.cpu_us_per_request) * 100) / 100
      : null;
  process.stdout.write(
    `${JSON.stringify({
      bench: 'api',
      path: '/v1/best-bets/all.json',
      file: { source: file.source, bytes: file.bytes.length, gzip_bytes: gz.length, picks: file.picks },
      duration_s: duration,
      connections,
      courtedge,
      nginx: ref,
      ratio_rps: ratio,
      ratio_per_cpu_second: cpuRatio,
      target: { ratio_rps: 0.5, p99_ms: 10 },
      met:
        ratio !== null &&
        ratio >= 0.5 &&
        courtedge.p99_ms < 10 &&
        courtedge.non_2xx === 0 &&
        courtedge.errors === 0,
      machine: {
        cpus: availableParallelism(),
        model: cpus()[0]?.model,
        load: loadavg().map((l) => Math.round(l * 10) / 10),
      },
    })}\n`,
  );
} finally {
  await stop(serve);
  await stop(nginx);
  rmSync(work, { recursive: true, force: true });
}
