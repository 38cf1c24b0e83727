import type { Logger } from '../config/log.ts';
import { json, type Queryable } from '../store/store.ts';
import type { AlertDraft } from './decay.ts';

/**
 * Alerts (spec 06 §5): a row per (date, kind, subject), a log line, and an optional webhook
 * POST. A re-run updates the row and never sends it again; a webhook failure is recorded and
 * logged, never thrown.
 */

export interface AlertSinkOptions {
  runId: string | null;
  now: Date;
  webhookUrl: string | null;
  webhookTimeoutMs: number;
  fetchImpl?: typeof fetch;
  log: Logger;
}

export interface WrittenAlert extends AlertDraft {
  id: string;
  webhook_status: 'not_configured' | 'sent' | 'failed' | 'unchanged';
  is_new: boolean;
}

export function alertId(a: Pick<AlertDraft, 'date' | 'kind' | 'subject'>): string {
  return `${a.date}|${a.kind}|${a.subject}`;
}

async function postOnce(url: string, body: string, timeoutMs: number, f: typeof fetch): Promise<void> {
  const res = await f(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
}

/** POST with one retry; returns null on success or the last error message. */
export async function sendWebhook(
  url: string,
  a: AlertDraft,
  timeoutMs: number,
  f: typeof fetch = fetch,
): Promise<string | null> {
  const body = JSON.stringify({
    kind: a.kind,
    severity: a.severity,
    date: a.date,
    subject: a.subject,
    message: a.message,
    payload: a.payload,
  });
  let last: string | null = null;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await postOnce(url, body, timeoutMs, f);
      return null;
    } catch (e) {
      last = (e as Error).message;
    }
  }
  return last;
}

export async function writeAlerts(
  store: Queryable,
  drafts: readonly AlertDraft[],
  opts: AlertSinkOptions,
): Promise<WrittenAlert[]> {
  if (!drafts.length) return [];
  const unique = new Map(drafts.map((d) => [alertId(d), d]));
  const ids = [...unique.keys()];
  const existing = new Set(
    (
      await store.query<{ id: string }>(
        `SELECT id FROM alerts WHERE id IN (${ids.map((_, i) => `$${i + 1}`).join(', ')})`,
        ids,
      )
    ).map((r) => r.id),
  );
  const nowIso = opts.now.toISOString();
  const out: WrittenAlert[] = [];
  const inserts: unknown[][] = [];
  for (const [id, a] of unique) {
    const line = { kind: a.kind, severity: a.severity, date: a.date, subject: a.subject, alert: a.message };
    if (a.severity === 'critical') opts.log.error(line, 'alert');
    else opts.log.warn(line, 'alert');
    if (existing.has(id)) {
      await store.run(
        `UPDATE alerts SET severity = $2, message = $3, payload = $4::JSON, updated_at = $5::TIMESTAMPTZ, run_id = $6
         WHERE id = $1`,
        [id, a.severity, a.message, json(a.payload), nowIso, opts.runId],
      );
      out.push({ ...a, id, webhook_status: 'unchanged', is_new: false });
      continue;
    }
    let status: WrittenAlert['webhook_status'] = 'not_configured';
    let error: string | null = null;
    if (opts.webhookUrl) {
      error = await sendWebhook(opts.webhookUrl, a, opts.webhookTimeoutMs, opts.fetchImpl);
      status = error ? 'failed' : 'sent';
      if (error) opts.log.warn({ kind: a.kind, subject: a.subject, error }, 'alert webhook failed');
    }
    inserts.push([
      id,
      nowIso,
      nowIso,
      a.date,
      a.kind,
      a.severity,
      a.subject,
      a.message,
      json(a.payload),
      status,
      error,
      opts.runId,
    ]);
    out.push({ ...a, id, webhook_status: status, is_new: true });
  }
  await store.insertMany(
    'alerts',
    [
      'id',
      'created_at',
      'updated_at',
      'date',
      'kind',
      'severity',
      'subject',
      'message',
      'payload',
      'webhook_status',
      'webhook_error',
      'run_id',
    ],
    inserts,
  );
  return out;
}
