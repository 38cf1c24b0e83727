import { z } from 'zod';
import { instantStr, int } from './schemas.ts';

/**
 * `v1/manifest.json` (spec 07 §1): written last in every publish run and merged with the
 * previous one, so it lists every file any run wrote, each with the sha256 of its bytes.
 */

export const MANIFEST_PATH = 'v1/manifest.json';

export const manifestEntrySchema = z.strictObject({
  path: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: int,
  written_at: instantStr,
  cache_control: z.string(),
  schema_version: int,
});

export const manifestSchema = z.strictObject({
  schema_version: int,
  generated_at: instantStr,
  files: z.array(manifestEntrySchema),
});

export type ManifestEntry = z.infer<typeof manifestEntrySchema>;
export type Manifest = z.infer<typeof manifestSchema>;

/** The previous manifest, or null when absent or unreadable (it is then rebuilt from this run). */
export function parseManifest(bytes: Buffer | null): Manifest | null {
  if (!bytes) return null;
  try {
    const parsed = manifestSchema.safeParse(JSON.parse(bytes.toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** New entries replace the previous ones of the same path; the list is sorted by path. */
export function mergeManifest(
  prev: Manifest | null,
  written: ManifestEntry[],
  generatedAt: string,
): Manifest {
  const byPath = new Map<string, ManifestEntry>();
  for (const e of prev?.files ?? []) byPath.set(e.path, e);
  for (const e of written) byPath.set(e.path, e);
  const files = [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return manifestSchema.parse({ schema_version: 1, generated_at: generatedAt, files });
}
