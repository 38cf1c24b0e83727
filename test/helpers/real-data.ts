import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** ../shared/data/real beside the repository (never copied into it). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const REAL_DATA_DIR = join(REPO_ROOT, '..', 'shared', 'data', 'real');
export const hasRealData = existsSync(join(REAL_DATA_DIR, 'nba_api'));

/** For `test(name, { skip: realDataSkip }, …)`: false, or the reason printed by the runner. */
export const realDataSkip: false | string = hasRealData
  ? false
  : `real data absent at ${REAL_DATA_DIR}; skipped`;
