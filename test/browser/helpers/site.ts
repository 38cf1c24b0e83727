// The site as a person reaches it: the real `courtedge serve` app (src/server) listening on
// port 0, serving an export directory's v1/ and the built web/dist, with a random admin token.
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { loadConfig } from '../../../src/config/load.ts';
import { silentLogger } from '../../../src/config/log.ts';
import type { App } from '../../../src/orchestrate/app.ts';
import { buildServer, type CourtedgeServer } from '../../../src/server/app.ts';
import { claimStoreKind } from '../../../src/store/meta.ts';
import { openMemoryStore } from '../../../src/store/open.ts';
import type { Store } from '../../../src/store/store.ts';
import { REPO_ROOT } from '../../helpers/real-data.ts';
import { DIST_DIR, ensureWebBuilt } from './build.ts';

export const FIXTURE_EXPORTS = join(REPO_ROOT, 'test', 'browser', 'fixtures');

export interface Site {
  url: string;
  token: string;
  exportDir: string;
  store: Store;
  /** A published file of the export directory, parsed (the tests' expected values). */
  json<T = any>(v1Path: string): T;
  close(): Promise<void>;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/**
 * A temp copy of hand-written exports (spec 07 §2) with the manifest the server indexes by,
 * so a test may edit a file (the no-edge copy) without touching the fixtures.
 */
export function copyExports(from: string, edit?: (dir: string) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'courtedge-web-exports-'));
  cpSync(from, dir, { recursive: true });
  edit?.(dir);
  writeManifest(dir);
  return dir;
}

export function writeManifest(dir: string): void {
  const files = walk(join(dir, 'v1'))
    .filter((p) => !p.endsWith('manifest.json'))
    .map((p) => {
      const bytes = readFileSync(p);
      const path = relative(dir, p).split('\\').join('/');
      return {
        path,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        bytes: bytes.length,
        written_at: '2025-11-20T17:05:12Z',
        cache_control: path.includes('/admin/') ? 'private, no-store' : 'public, max-age=60',
        schema_version: 1,
      };
    });
  writeFileSync(
    join(dir, 'v1', 'manifest.json'),
    JSON.stringify({ schema_version: 1, generated_at: '2025-11-20T17:05:12Z', files }),
  );
}

export async function startSite(opts: {
  exportDir: string;
  store?: Store;
  simulated?: boolean;
  /** Remove exportDir on close (a temp copy). */
  ownsExportDir?: boolean;
}): Promise<Site> {
  await ensureWebBuilt();
  const token = randomBytes(24).toString('hex');
  const store = opts.store ?? (await openMemoryStore());
  if (!opts.store && opts.simulated !== false) await claimStoreKind(store, 'simulated');
  const loaded = loadConfig({
    env: {},
    overrides: {
      adminToken: token,
      // a browser test loads every page at two widths: far more than a person per minute
      'server.rateLimit.publicPerMinute': 100000,
      'server.rateLimit.adminPerMinute': 100000,
      // an admin re-export writes where the site reads
      'publish.dir': opts.exportDir,
    },
  });
  const app: App = { store, config: loaded.config, configHash: loaded.hash, log: silentLogger };
  const server: CourtedgeServer = await buildServer({ app, exportDir: opts.exportDir, webDir: DIST_DIR });
  await server.fastify.listen({ host: '127.0.0.1', port: 0 });
  const port = (server.fastify.server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    exportDir: opts.exportDir,
    store,
    json: (p) => JSON.parse(readFileSync(join(opts.exportDir, 'v1', p), 'utf8')),
    async close() {
      await server.fastify.close();
      if (!opts.store) await store.close();
      if (opts.ownsExportDir) rmSync(opts.exportDir, { recursive: true, force: true });
    },
  };
}
