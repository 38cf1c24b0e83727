import type { App } from '../orchestrate/app.ts';
import { removeServerLock, type ServerLock, writeServerLock } from '../orchestrate/lock.ts';
import { buildServer, type CourtedgeServer, type ServerOptions } from './app.ts';

/**
 * Public API of src/server: `buildServer` (not listening; `fastify.inject` in tests) and
 * `startServer` (listening, holding the store's lock file, running the hooks). The scheduler
 * (issue 17) plugs in through `hooks`: `onStart` runs once the server listens, `onClose`
 * before the store is let go.
 */
export { type AdminActions, orchestrateActions, PHASES, type Phase } from './actions.ts';
export { buildServer, type CourtedgeServer, type ServerOptions } from './app.ts';
export { MIN_TOKEN_LENGTH } from './auth.ts';
export { matchV1Path } from './paths.ts';

export interface ServerHooks {
  onStart?: (s: RunningServer) => void | Promise<void>;
  onClose?: (s: RunningServer) => void | Promise<void>;
}

export interface StartOptions extends ServerOptions {
  host?: string;
  port?: number;
  /** DuckDB file the server holds (lock file beside it); null/':memory:' = no lock (PostgreSQL, tests). */
  storePath?: string | null;
  hooks?: ServerHooks;
}

export interface RunningServer extends CourtedgeServer {
  app: App;
  url: string;
  port: number;
  lock: ServerLock | null;
  /** Stops listening, lets running jobs finish, runs onClose, removes the lock. Idempotent. */
  close(): Promise<void>;
}

export async function startServer(opts: StartOptions): Promise<RunningServer> {
  const host = opts.host ?? opts.app.config.server.host;
  const port = opts.port ?? opts.app.config.server.port;
  const built = await buildServer(opts);
  await built.fastify.listen({ host, port });
  const addr = built.fastify.server.address();
  const actualPort = typeof addr === 'object' && addr ? addr.port : port;
  const connectHost =
    host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const url = `http://${connectHost}:${actualPort}`;
  const storePath = opts.storePath && opts.storePath !== ':memory:' ? opts.storePath : null;
  let lock: ServerLock | null = null;
  try {
    if (storePath) {
      lock = writeServerLock({
        pid: process.pid,
        host,
        port: actualPort,
        url,
        store: storePath,
        admin: !!opts.app.config.adminToken,
        started_at: new Date().toISOString(),
      });
    }
  } catch (e) {
    await built.fastify.close();
    throw e;
  }
  let closing: Promise<void> | null = null;
  const running: RunningServer = {
    ...built,
    app: opts.app,
    url,
    port: actualPort,
    lock,
    close: () => {
      closing ??= (async () => {
        try {
          await built.fastify.close();
          await built.jobs.drain();
          await opts.hooks?.onClose?.(running);
        } finally {
          if (storePath) removeServerLock(storePath);
        }
      })();
      return closing;
    },
  };
  try {
    await opts.hooks?.onStart?.(running);
  } catch (e) {
    await running.close();
    throw e;
  }
  return running;
}
