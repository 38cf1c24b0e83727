import { etWallTimeToUtc } from '../../domain/dates.ts';
import type { InjuryInput, MappedPayload, RejectInput } from '../ingest/types.ts';
import { resolveTeam } from '../teams.ts';
import { rowObject, widthReject } from './common.ts';
import { parseCsv } from './csv.ts';
import { parseDateField, parseInstant } from './values.ts';

/**
 * Injury reports (spec 01 §5 "Injury format"): CSV `report_time,team,player,status,reason[,game_date]`
 * or JSON `{"reports":[…]}` / a bare array of the same keys. A header-only file is valid.
 */

export const STATUSES = ['out', 'doubtful', 'questionable', 'probable', 'available'];

/** report_time: ISO 8601 with offset, or a naive "YYYY-MM-DD HH:MM[:SS]" read as Eastern time. */
export function parseReportTime(s: string | undefined): string | null {
  const t = (s ?? '').trim();
  const withZone = parseInstant('report_time', t);
  if (withZone.value) return withZone.value;
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(t);
  if (!m || !parseDateField('report_time', m[1]).value || +m[2] > 23 || +m[3] > 59 || +(m[4] ?? 0) > 59)
    return null;
  const d = etWallTimeToUtc(m[1], `${m[2]}:${m[3]}`);
  return new Date(d.getTime() + Number(m[4] ?? 0) * 1000).toISOString();
}

/** "Jackson Jr., Jaren" → "Jaren Jackson Jr."; "First Last" stays. */
export function displayName(raw: string): string {
  const t = raw.trim().replace(/\s+/g, ' ');
  const i = t.indexOf(',');
  if (i < 0) return t;
  const last = t.slice(0, i).trim();
  const first = t.slice(i + 1).trim();
  return first ? `${first} ${last}` : last;
}

const CATEGORY_RULES: Array<[string, RegExp]> = [
  ['g_league', /g[\s-]?league|two[\s-]?way/i],
  ['suspension', /suspen/i],
  ['personal', /personal|family|bereavement/i],
  ['rest', /\brest\b|load management/i],
  [
    'injury',
    /injur|illness|sprain|strain|soreness|sore|surgery|fracture|contusion|concussion|tear|torn|bruise|tendin|spasm|ankle|knee|hamstring|calf|back|hip|groin|wrist|hand|finger|thumb|toe|foot|shoulder|elbow|achilles|quad|thigh|neck|rib|abdominal|oblique|adductor|heel|shin|acl|mcl|meniscus|head|eye|nose|jaw|plantar|lumbar|pelvi|glute|leg|arm|chest|covid|virus|flu/i,
  ],
];

export function reasonCategory(reason: string | null): string {
  if (!reason) return 'other';
  for (const [cat, re] of CATEGORY_RULES) if (re.test(reason)) return cat;
  return 'other';
}

interface RawInjury {
  ref: string;
  data: Record<string, unknown>;
}

function mapOne(r: RawInjury, rejects: RejectInput[]): InjuryInput | null {
  const get = (k: string) => {
    const v = r.data[k];
    return v === null || v === undefined ? '' : String(v);
  };
  const reject = (reason: RejectInput['reason'], detail: string) => {
    rejects.push({ row_ref: r.ref, reason, detail, row_data: r.data });
    return null;
  };
  const rt = parseReportTime(get('report_time'));
  if (!rt)
    return reject(
      'BAD_TIMESTAMP',
      `report_time "${get('report_time')}" is not ISO 8601 or "YYYY-MM-DD HH:MM" Eastern`,
    );
  const team = resolveTeam(get('team'));
  if (!team) return reject('UNKNOWN_TEAM', `team "${get('team')}" is not an NBA team`);
  const name = displayName(get('player'));
  if (!name) return reject('BAD_VALUE', 'player is empty');
  const status = get('status').trim().toLowerCase();
  if (!STATUSES.includes(status))
    return reject('BAD_STATUS', `status "${get('status')}" is not one of ${STATUSES.join(', ')}`);
  let gameDate: string | null = null;
  if (get('game_date').trim()) {
    const d = parseDateField('game_date', get('game_date'));
    if (d.error !== undefined) return reject('BAD_VALUE', d.error);
    gameDate = d.value;
  }
  const reason = get('reason').trim() || null;
  return {
    row_ref: r.ref,
    report_time: rt,
    team,
    raw_name: name,
    status,
    reason,
    reason_category: reasonCategory(reason),
    game_date: gameDate,
  };
}

export function mapInjuries(text: string): MappedPayload {
  const rejects: RejectInput[] = [];
  const raws: RawInjury[] = [];
  let read = 0;
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let doc: unknown;
    try {
      doc = JSON.parse(trimmed);
    } catch (e) {
      throw new Error(`injuries JSON does not parse: ${(e as Error).message}`);
    }
    const list = Array.isArray(doc) ? doc : (doc as { reports?: unknown })?.reports;
    if (!Array.isArray(list)) throw new Error('injuries JSON must be {"reports":[…]} or an array');
    read = list.length;
    list.forEach((item, i) => {
      if (item && typeof item === 'object' && !Array.isArray(item))
        raws.push({ ref: `item ${i}`, data: item as Record<string, unknown> });
      else
        rejects.push({
          row_ref: `item ${i}`,
          reason: 'BAD_VALUE',
          detail: 'report item is not an object',
          row_data: item,
        });
    });
  } else if (trimmed) {
    const file = parseCsv(text);
    read = file.rows.length;
    for (const row of file.rows) {
      const wide = widthReject(file, row);
      if (wide) {
        rejects.push(wide);
        continue;
      }
      raws.push({ ref: `line ${row.line}`, data: rowObject(file.header, row) });
    }
  }
  const injuries: InjuryInput[] = [];
  for (const r of raws) {
    const m = mapOne(r, rejects);
    if (m) injuries.push(m);
  }
  return { read, skipped: 0, primary: ['injuries'], injuries, rejects };
}
