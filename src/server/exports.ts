import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync, constants as zc } from 'node:zlib';
import { z } from 'zod';
import { defaultCacheControl } from './paths.ts';

/**
 * The export directory as the server sees it: `v1/manifest.json` is the index of what is
 * published (a file on disk that the manifest does not list is not served). Each file's
 * bytes, a gzip and a brotli copy are kept in memory keyed by path and sha256, so a hot
 * file is served without touching the disk or compressing per request. A changed manifest
 * (new inode after the publisher's rename, or new mtime/size) drops the entries whose sha256
 * changed; the manifest is looked at no more than once per `checkEveryMs`.
 */

const manifestSchema = z.looseObject({
  files: z.array(
    z.looseObject({
      path: z.string(),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      cache_control: z.string().optional(),
    }),
  ),
});

export interface ExportEntry {
  file: string;
  sha256: string;
  /** Quoted strong ETag: the manifest's sha256 of the bytes. */
  etag: string;
  raw: Buffer;
  gzip: Buffer;
  br: Buffer;
  cacheControl: string;
}

interface ManifestState {
  stamp: string;
  /** v1-relative path ("v1/best-bets/all.json") → {sha256, cache_control}. */
  files: Map<string, { sha256: string; cacheControl: string }>;
  bytes: Buffer | null;
}

const MANIFEST = 'v1/manifest.json';

export class ExportCache {
  private manifest: ManifestState = { stamp: '', files: new Map(), bytes: null };
  /** Each entry with the manifest stamp it was read under (an unverified entry lives until the next manifest). */
  private entries = new Map<string, ExportEntry & { stamp: string }>();
  private checkedAt = Number.NEGATIVE_INFINITY;

  constructor(
    readonly dir: string,
    private readonly checkEveryMs = 250,
  ) {}

  /** Forget the last look at the manifest (after an in-process publish). */
  invalidate(): void {
    this.checkedAt = Number.NEGATIVE_INFINITY;
  }

  /** The entry for a v1 file ("v1/best-bets/all.json"), or null when it is not published. */
  get(file: string): ExportEntry | null {
    this.refresh();
    if (file === MANIFEST) return this.manifestEntry();
    const listed = this.manifest.files.get(file);
    if (!listed) return null;
    const hit = this.entries.get(file);
    if (hit && (hit.sha256 === listed.sha256 || hit.stamp === this.manifest.stamp)) return hit;
    let raw: Buffer;
    try {
      raw = readFileSync(join(this.dir, file));
    } catch {
      return null; // listed but gone: a 404, not a 500
    }
    // Between the publisher's rename of a file and its manifest write the bytes are newer
    // than the manifest: their own hash is then the honest ETag (the next manifest agrees).
    const sha = sha256(raw);
    const entry = { ...makeEntry(file, raw, sha, listed.cacheControl), stamp: this.manifest.stamp };
    this.entries.set(file, entry);
    return entry;
  }

  /** Newest manifest stamp seen (tests, health). */
  get manifestStamp(): string {
    return this.manifest.stamp;
  }

  private manifestEntry(): ExportEntry | null {
    const bytes = this.manifest.bytes;
    if (!bytes) return null;
    const sha = sha256(bytes);
    const hit = this.entries.get(MANIFEST);
    if (hit && hit.sha256 === sha) return hit;
    const entry = {
      ...makeEntry(MANIFEST, bytes, sha, defaultCacheControl(MANIFEST)),
      stamp: this.manifest.stamp,
    };
    this.entries.set(MANIFEST, entry);
    return entry;
  }

  private refresh(): void {
    const now = performance.now();
    if (now - this.checkedAt < this.checkEveryMs) return;
    this.checkedAt = now;
    const path = join(this.dir, MANIFEST);
    let stamp: string;
    try {
      const st = statSync(path);
      stamp = `${st.ino}:${st.mtimeMs}:${st.size}`;
    } catch {
      stamp = 'absent';
    }
    if (stamp === this.manifest.stamp) return;
    this.manifest = stamp === 'absent' ? emptyManifest() : readManifest(path, stamp);
    for (const [file, e] of this.entries) {
      if (file !== MANIFEST && this.manifest.files.get(file)?.sha256 !== e.sha256) this.entries.delete(file);
    }
  }
}

function emptyManifest(): ManifestState {
  return { stamp: 'absent', files: new Map(), bytes: null };
}

/** A manifest that does not parse serves nothing but itself is kept out: the last good one is not reused. */
function readManifest(path: string, stamp: string): ManifestState {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return emptyManifest();
  }
  const parsed = manifestSchema.safeParse(safeJson(bytes));
  if (!parsed.success) return { stamp, files: new Map(), bytes: null };
  const files = new Map<string, { sha256: string; cacheControl: string }>();
  for (const f of parsed.data.files) {
    const file = f.path.startsWith('v1/') ? f.path : `v1/${f.path}`;
    files.set(file, { sha256: f.sha256, cacheControl: f.cache_control ?? defaultCacheControl(file) });
  }
  return { stamp, files, bytes };
}

function safeJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return null;
  }
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function makeEntry(file: string, raw: Buffer, sha: string, cacheControl: string): ExportEntry {
  return {
    file,
    sha256: sha,
    etag: `"${sha}"`,
    raw,
    gzip: gzipSync(raw, { level: 9 }),
    br: brotliCompressSync(raw, {
      params: { [zc.BROTLI_PARAM_QUALITY]: 9, [zc.BROTLI_PARAM_SIZE_HINT]: raw.length },
    }),
    cacheControl,
  };
}

/** Accept-Encoding → the best precompressed copy we hold (br, then gzip), honouring q=0. */
export function pickEncoding(header: string | undefined): 'br' | 'gzip' | null {
  if (!header) return null;
  let br = false;
  let gzip = false;
  for (const part of header.split(',')) {
    const [token, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (q && Number(q.slice(2)) === 0) continue;
    if (token === 'br') br = true;
    else if (token === 'gzip' || token === 'x-gzip') gzip = true;
    else if (token === '*') {
      br = true;
      gzip = true;
    }
  }
  return br ? 'br' : gzip ? 'gzip' : null;
}
