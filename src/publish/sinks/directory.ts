import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Sink, SinkFile } from './sink.ts';

export interface DirectorySinkOptions {
  /** Test seam: runs after the temp file is written and fsynced, before the rename. */
  beforeRename?: (tmpPath: string, target: string) => Promise<void> | void;
}

/**
 * The directory sink (spec 07 §1): `<file>.tmp-<pid>-<random>`, fsync, rename over the target,
 * then fsync the directory so the rename itself survives a crash. A crash at any point leaves
 * the old file whole; a failed write removes its temp file.
 */
export class DirectorySink implements Sink {
  readonly name = 'directory';
  readonly root: string;

  constructor(
    root: string,
    private readonly opts: DirectorySinkOptions = {},
  ) {
    this.root = resolve(root);
  }

  accepts(): boolean {
    return true;
  }

  /** Absolute path of an export path; refuses anything that would leave the root. */
  resolvePath(path: string): string {
    const target = resolve(this.root, path);
    if (!target.startsWith(this.root + sep))
      throw new Error(`export path outside the export directory: ${path}`);
    return target;
  }

  async put(file: SinkFile): Promise<void> {
    const target = this.resolvePath(file.path);
    await mkdir(dirname(target), { recursive: true });
    const tmp = `${target}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    try {
      const fh = await open(tmp, 'w', 0o644);
      try {
        await fh.writeFile(file.bytes);
        await fh.sync();
      } finally {
        await fh.close();
      }
      await this.opts.beforeRename?.(tmp, target);
      await rename(tmp, target);
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
    await syncDir(dirname(target));
  }

  async read(path: string): Promise<Buffer | null> {
    try {
      return await readFile(this.resolvePath(path));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }
}

async function syncDir(dir: string): Promise<void> {
  try {
    const fh = await open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    // Some file systems refuse fsync on a directory; the file itself is already durable.
  }
}

export const exportPath = (root: string, path: string) => join(root, path);
