import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { REPO_ROOT } from '../helpers/real-data.ts';
import { PG_TEST_URL } from './pg-helpers.ts';

/**
 * Real processes for the distributed-mode tests: a database of their own on the test server
 * (pg-boss and the store both live in it), and `courtedge worker` processes started and
 * stopped by signal.
 */

export async function freshDatabase(
  tag: string,
): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const name = `ce_${tag}_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: PG_TEST_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const u = new URL(PG_TEST_URL);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    name,
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_TEST_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

export interface WorkerProc {
  proc: ChildProcess;
  /** The worker's id (prediction_requests.worker_id starts with it). */
  id: string;
  stderr: () => string;
  exited: Promise<number | null>;
}

const BIN = join(REPO_ROOT, 'bin', 'courtedge.js');

/** Starts a real `courtedge worker` process and waits for its ready line (or its exit). */
export async function spawnWorker(env: Record<string, string>, threads = 1): Promise<WorkerProc> {
  const args = ['worker', '--json', '--concurrency', String(threads), '--heartbeat', '2'];
  const proc = spawn(process.execPath, [BIN, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, COURTEDGE_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stderr!.on('data', (d) => {
    err += d;
  });
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  const id = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker not ready in 90 s: ${err}`)), 90_000);
    proc.stdout!.on('data', (d) => {
      out += d;
      const m = /\{"ready":"([^"]+)"/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited (${code}) before it was ready: ${err.trim()}`));
    });
  });
  return { proc, id, stderr: () => err, exited };
}

/** SIGTERM (graceful) and wait; SIGKILL if it does not exit within `ms`. */
export async function stopWorker(w: WorkerProc, ms = 40_000): Promise<number | null> {
  if (w.proc.exitCode !== null || w.proc.signalCode !== null) return w.proc.exitCode;
  w.proc.kill('SIGTERM');
  const t = setTimeout(() => w.proc.kill('SIGKILL'), ms);
  const code = await w.exited;
  clearTimeout(t);
  return code;
}
