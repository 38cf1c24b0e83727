import { isIsoDate } from '../domain/dates.ts';

/**
 * The /v1 allow-list (spec 07 §3) as a pure function of the decoded path below `/v1/`.
 * The file path is rebuilt from the matched parts, never taken from the request: no pattern
 * admits '/', '.' or '%' inside a segment, so nothing outside the export directory can be named.
 */
export type V1Match =
  | { ok: true; file: string; admin: boolean; kind: string }
  | { ok: false; status: 400 | 404; message: string };

const DATE = String.raw`(\d{4}-\d{2}-\d{2})`;

const PATTERNS: Array<{ kind: string; re: RegExp; date?: boolean; admin?: boolean }> = [
  { kind: 'best-bets', re: /^best-bets\/all\.json$/ },
  { kind: 'signal-latest', re: /^signal-best-bets\/latest\.json$/ },
  { kind: 'signal-best-bets', re: new RegExp(`^signal-best-bets/${DATE}\\.json$`), date: true },
  { kind: 'dashboard', re: /^admin\/dashboard\.json$/, admin: true },
  { kind: 'admin-picks', re: new RegExp(`^admin/picks/${DATE}\\.json$`), date: true, admin: true },
  { kind: 'models-health', re: /^models\/health\.json$/ },
  { kind: 'predictions', re: new RegExp(`^predictions/${DATE}\\.json$`), date: true },
  { kind: 'results', re: new RegExp(`^results/${DATE}\\.json$`), date: true },
  { kind: 'players', re: /^players\/([a-z0-9]{1,64})\.json$/ },
  { kind: 'manifest', re: /^manifest\.json$/ },
];

export function matchV1Path(rest: string): V1Match {
  for (const p of PATTERNS) {
    const m = p.re.exec(rest);
    if (!m) continue;
    if (p.date && !isIsoDate(m[1])) {
      return { ok: false, status: 400, message: `not a calendar date: ${m[1]}` };
    }
    return { ok: true, file: `v1/${rest}`, admin: !!p.admin, kind: p.kind };
  }
  return { ok: false, status: 404, message: 'not found' };
}

/** Cache-Control of spec 07 §1 for a file the manifest does not describe. */
export function defaultCacheControl(file: string): string {
  if (file.startsWith('v1/admin/')) return 'private, no-store';
  if (file === 'v1/signal-best-bets/latest.json' || file === 'v1/manifest.json') return 'public, max-age=60';
  if (file.startsWith('v1/players/')) return 'public, max-age=3600';
  return 'public, max-age=300';
}
