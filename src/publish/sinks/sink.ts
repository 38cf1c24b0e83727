/**
 * Where export bytes go (spec 07 §1): one small interface, a directory and an S3-compatible
 * bucket behind it (DESIGN: Hono-style implementations swapped without the shell noticing).
 */
export interface SinkFile {
  /** 'v1/best-bets/all.json' */
  path: string;
  bytes: Buffer;
  sha256: string;
  cacheControl: string;
}

export interface Sink {
  readonly name: string;
  /** Whether this sink takes the file at all (the bucket skips v1/admin/* unless configured). */
  accepts(path: string): boolean;
  /** Writes one file atomically: readers see the old bytes or the new ones, never a mix. */
  put(file: SinkFile): Promise<void>;
  /** The current bytes at path, or null (the manifest merge reads the previous manifest). */
  read(path: string): Promise<Buffer | null>;
}

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
