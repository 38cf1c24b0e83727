// Builds web/dist when it is missing or older than any source of the web app (the same check
// and command as `npm start`'s prestart), so the browser tests always look at the current code.
import { join } from 'node:path';
import { REPO_ROOT } from '../../helpers/real-data.ts';

export const WEB_DIR = join(REPO_ROOT, 'web');
export const DIST_DIR = join(WEB_DIR, 'dist');

export async function ensureWebBuilt(): Promise<void> {
  // @ts-expect-error plain .mjs build script without types
  const web = (await import('../../../web/build.mjs')) as {
    isStale(): boolean;
    build(o: { quiet: boolean; ifStale: boolean }): { status: number | null; stdout: string; stderr: string };
  };
  if (!web.isStale()) return;
  const res = web.build({ quiet: true, ifStale: true });
  if (res.status !== 0) throw new Error(`web build failed:\n${res.stdout}\n${res.stderr}`);
}
