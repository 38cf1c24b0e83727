import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';

/**
 * The server's seam to the run log: runs opened inside `fn` are reported as they start
 * (202 {run_id}); the run log read by GET /api/admin/runs[/:id]. (Until orchestrate has a
 * runs use case of its own; the server imports only orchestrate.)
 */
export { getRun, listRuns, observeRuns, type RunObserver } from '../store/runs.ts';

/**
 * One writer per embedded store (DESIGN): while `courtedge serve` holds a DuckDB file it
 * records itself in a lock file beside it (`<store>.serve.lock`: pid, address, whether the
 * admin API is on; never the token). Other commands call `findServer` before opening the
 * store and either act through the server's admin API or fail at once with
 * `storeHeldError`'s one line. A lock left by a dead process is stale: ignored and removed.
 */

export const lockSchema = z.strictObject({
  pid: z.number().int().positive(),
  host: z.string(),
  port: z.number().int().min(1).max(65535),
  url: z.string(),
  store: z.string(),
  admin: z.boolean(),
  started_at: z.string(),
});
export type ServerLock = z.infer<typeof lockSchema>;

export function lockPath(storePath: string): string {
  return `${resolve(storePath)}.serve.lock`;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(path: string): ServerLock | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  try {
    return lockSchema.parse(JSON.parse(text));
  } catch {
    return null; // half-written or foreign: treated as stale
  }
}

/**
 * The live server holding `storePath`, or null. A lock whose process is gone (or that does
 * not parse) is removed. `:memory:` and PostgreSQL stores have no lock.
 */
export function findServer(storePath: string): ServerLock | null {
  if (storePath === ':memory:') return null;
  const path = lockPath(storePath);
  const lock = readLock(path);
  if (lock && lock.pid !== process.pid && alive(lock.pid)) return lock;
  if (lock?.pid === process.pid) return lock;
  rmSync(path, { force: true });
  return null;
}

/** An error the CLI prints as one line (its `exitCode` is honoured by the CLI's action wrapper). */
export class StoreHeldError extends Error {
  readonly exitCode = 1;
  constructor(
    message: string,
    readonly server: ServerLock,
  ) {
    super(message);
    this.name = 'StoreHeldError';
  }
}

/** The one line for a command that cannot go through the server. */
export function storeHeldError(server: ServerLock, what = 'this command'): StoreHeldError {
  return new StoreHeldError(
    `the store ${server.store} is held by courtedge serve (pid ${server.pid}, ${server.url}); ${what} cannot run beside it: stop the server (kill ${server.pid}) or use its admin API`,
    server,
  );
}

/** Throws storeHeldError when a live server holds the store: what `withStore`/`withApp` call first. */
export function assertStoreFree(storePath: string, what?: string): void {
  const server = findServer(storePath);
  if (server && server.pid !== process.pid) throw storeHeldError(server, what);
}

/**
 * Records this process as the store's server. Fails (StoreHeldError) when another live
 * server already holds it; a stale lock is replaced. Written to a temp file and renamed, so
 * a reader never sees half a lock.
 */
export function writeServerLock(lock: Omit<ServerLock, 'store'> & { store: string }): ServerLock {
  const full: ServerLock = lockSchema.parse({ ...lock, store: resolve(lock.store) });
  const existing = findServer(full.store);
  if (existing && existing.pid !== process.pid) throw storeHeldError(existing, 'a second server');
  const path = lockPath(full.store);
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(full)}\n`, { mode: 0o644 });
  renameSync(tmp, path);
  return full;
}

/** Removes the lock if it is this process's (never another server's). */
export function removeServerLock(storePath: string, pid = process.pid): void {
  const path = lockPath(storePath);
  if (readLock(path)?.pid === pid) rmSync(path, { force: true });
}

// ---- Acting through the server's admin API ----

export interface AdminResponse<T = any> {
  status: number;
  body: T;
}

/** One admin API call to the server holding the store; a missing token is the one-line failure. */
export async function adminRequest<T = any>(
  server: ServerLock,
  token: string | undefined,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<AdminResponse<T>> {
  if (!server.admin) {
    throw new StoreHeldError(
      `the store ${server.store} is held by courtedge serve (pid ${server.pid}, ${server.url}) without an admin API (no adminToken); stop it, or restart it with COURTEDGE_ADMIN_TOKEN set`,
      server,
    );
  }
  if (!token) {
    throw new StoreHeldError(
      `the store ${server.store} is held by courtedge serve (pid ${server.pid}, ${server.url}); set COURTEDGE_ADMIN_TOKEN to its admin token to act through it, or stop it`,
      server,
    );
  }
  let res: Response;
  try {
    res = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new StoreHeldError(
      `courtedge serve (pid ${server.pid}) holds the store ${server.store} but does not answer at ${server.url} (${(e as Error).message}); stop it (kill ${server.pid})`,
      server,
    );
  }
  const text = await res.text();
  let parsed: any = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = { error: text.slice(0, 200) };
  }
  if (res.status === 401) {
    throw new StoreHeldError(
      `courtedge serve (pid ${server.pid}, ${server.url}) refused the admin token: COURTEDGE_ADMIN_TOKEN differs from the server's`,
      server,
    );
  }
  return { status: res.status, body: parsed };
}

/** What a remote call's error body says, as one line. */
export function describeError(r: AdminResponse): string {
  const b = r.body ?? {};
  const issues = Array.isArray(b.issues)
    ? `: ${b.issues.map((i: any) => `${i.path} ${i.message}`).join('; ')}`
    : '';
  return `${b.error ?? `HTTP ${r.status}`}${b.message ? ` (${b.message})` : ''}${issues}${b.request_id ? ` (request ${b.request_id})` : ''}`;
}

// ---- The commands that act through a running server (DESIGN "One writer per embedded store") ----

/** The live server holding the configured DuckDB store, or null (PostgreSQL has no such limit). */
export function serverFor(config: { store: string; databaseUrl?: string }): ServerLock | null {
  if (config.databaseUrl) return null;
  const s = findServer(config.store);
  return s && s.pid !== process.pid ? s : null;
}

function remoteFailure(server: ServerLock, what: string, r: AdminResponse): StoreHeldError {
  return new StoreHeldError(
    `${what} through courtedge serve (pid ${server.pid}, ${server.url}) failed: ${describeError(r)}`,
    server,
  );
}

export interface RemoteHalt {
  active: boolean;
  state: string | null;
  reason: string | null;
  since: string | null;
}

/** `courtedge halt set` while a server runs: POST /api/admin/halt. */
export async function remoteHaltSet(
  server: ServerLock,
  token: string | undefined,
  reason: string,
): Promise<RemoteHalt> {
  const r = await adminRequest<RemoteHalt>(server, token, 'POST', '/api/admin/halt', { reason });
  if (r.status !== 200) throw remoteFailure(server, 'halt set', r);
  return r.body;
}

/** `courtedge halt clear` while a server runs: DELETE /api/admin/halt. */
export async function remoteHaltClear(server: ServerLock, token: string | undefined): Promise<RemoteHalt> {
  const r = await adminRequest<RemoteHalt>(server, token, 'DELETE', '/api/admin/halt');
  if (r.status !== 200) throw remoteFailure(server, 'halt clear', r);
  return r.body;
}

export type RemoteBatch =
  | { outcome: 'started'; batch_id: string; run_id: string | null }
  | { outcome: 'conflict'; batch_id: string; status: string };

/**
 * `courtedge predict` while a server runs: POST /api/admin/batches. The batch runs in the
 * server; the command reports its id (202) or the running batch's (409, exit 3).
 */
export async function remoteStartBatch(
  server: ServerLock,
  token: string | undefined,
  req: { date: string; mode?: string; force?: boolean; skipCompleteness?: boolean },
): Promise<RemoteBatch> {
  const body: Record<string, unknown> = { date: req.date };
  if (req.mode) body.mode = req.mode;
  if (req.force) body.force = true;
  if (req.skipCompleteness) body.skip_completeness = true;
  const r = await adminRequest(server, token, 'POST', '/api/admin/batches', body);
  if (r.status === 202)
    return { outcome: 'started', batch_id: r.body.batch_id, run_id: r.body.run_id ?? null };
  if (r.status === 409) return { outcome: 'conflict', batch_id: r.body.batch_id, status: r.body.status };
  throw remoteFailure(server, 'predict', r);
}
