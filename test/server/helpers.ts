import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadConfig } from '../../src/config/load.ts';
import { silentLogger } from '../../src/config/log.ts';
import type { App } from '../../src/orchestrate/app.ts';
import { openMemoryStore } from '../../src/store/open.ts';

export const TOKEN = 'test-admin-token-0123456789abcdef-xyz';

/** An App on a fresh in-memory store, with COURTEDGE_* settings as given (no config file). */
export async function makeApp(env: Record<string, string> = {}): Promise<App> {
  const loaded = loadConfig({
    env: { COURTEDGE_ADMIN_TOKEN: TOKEN, ...env },
  });
  const store = await openMemoryStore();
  return { store, config: loaded.config, configHash: loaded.hash, log: silentLogger };
}

export interface ExportFile {
  path: string;
  body: string;
  sha256: string;
  cache_control: string;
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * A small export directory of our own (v1 files + manifest with sha256), until the publish
 * helper's publishFixture() exists. Also writes a "secret" file outside v1/ that no request
 * may ever read.
 */
export function writeExports(
  dir: string,
  files: Record<string, { data: unknown; cache_control?: string }>,
): ExportFile[] {
  const out: ExportFile[] = [];
  for (const [path, f] of Object.entries(files)) {
    const body = JSON.stringify(f.data);
    const full = join(dir, 'v1', path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, body);
    out.push({
      path: `v1/${path}`,
      body,
      sha256: sha(body),
      cache_control: f.cache_control ?? 'public, max-age=300',
    });
  }
  writeFileSync(
    join(dir, 'v1', 'manifest.json'),
    JSON.stringify({
      schema_version: 1,
      generated_at: '2026-01-15T17:00:00Z',
      files: out.map((f) => ({
        path: f.path,
        sha256: f.sha256,
        bytes: Buffer.byteLength(f.body),
        written_at: '2026-01-15T17:00:00Z',
        cache_control: f.cache_control,
        schema_version: 1,
      })),
    }),
  );
  writeFileSync(join(dir, 'config'), 'SECRET-CONFIG-DO-NOT-SERVE');
  writeFileSync(join(dir, 'x.json'), '{"secret":"SECRET-OUTSIDE-V1"}');
  return out;
}

export function tempDir(prefix = 'courtedge-server-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A season-sized all.json stand-in: n picks, so compression and caching have real bytes. */
export function bigAllJson(n = 400): unknown {
  return {
    schema_version: 1,
    generated_at: '2026-01-15T17:00:00Z',
    date: '2026-01-15',
    picks: Array.from({ length: n }, (_, i) => ({
      rank: (i % 5) + 1,
      player: `Player ${i}`,
      line: 20.5 + (i % 9),
      edge: 3 + (i % 7) / 10,
      angles: ['Model projects more points than the line', 'Minutes rising over the last 3'],
    })),
  };
}
