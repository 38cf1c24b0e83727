import { useEffect, useState } from 'preact/hooks';
import { adminToken, HttpError, request, useJson } from '../api.ts';
import { ErrorBanner, HaltNote, RecordText } from '../components/common.tsx';
import { dec1, hrText, instant, num, price } from '../format.ts';
import type { Dashboard } from '../types.ts';

export default function AdminPage() {
  const [token, setToken] = useState(adminToken.get());
  const [refused, setRefused] = useState(false);
  if (!token)
    return (
      <TokenForm
        refused={refused}
        onToken={(t) => {
          adminToken.set(t);
          setRefused(false);
          setToken(t);
        }}
      />
    );
  return (
    <DashboardView
      token={token}
      onUnauthorized={() => {
        adminToken.clear();
        setRefused(true);
        setToken(null);
      }}
    />
  );
}

function TokenForm({ refused, onToken }: { refused: boolean; onToken: (t: string) => void }) {
  const [value, setValue] = useState('');
  return (
    <section class="card narrow">
      <h1>Admin</h1>
      {refused && (
        <p class="error-banner" role="alert">
          The server refused that token. Enter it again.
        </p>
      )}
      <form
        data-testid="token-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (value.trim()) onToken(value.trim());
        }}
      >
        <label class="field stack">
          Admin token
          <input
            type="password"
            autocomplete="off"
            value={value}
            onInput={(e) => setValue((e.target as HTMLInputElement).value)}
            required
          />
        </label>
        <p class="muted">
          Kept in this tab's session storage only, and forgotten when the server refuses it.
        </p>
        <button type="submit">Open the dashboard</button>
      </form>
    </section>
  );
}

function DashboardView({ token, onUnauthorized }: { token: string; onUnauthorized: () => void }) {
  const load = useJson<Dashboard>('/v1/admin/dashboard.json', { admin: true, key: token });
  const unauthorized = load.state === 'error' && load.error instanceof HttpError && load.error.status === 401;
  useEffect(() => {
    if (unauthorized) onUnauthorized();
  }, [unauthorized]);
  if (load.state === 'error')
    return unauthorized ? null : <ErrorBanner error={load.error} retry={load.retry} />;
  if (load.state === 'loading')
    return <div class="placeholder" style={{ minHeight: '1200px' }} aria-busy="true" />;
  return <DashboardBody d={load.data} onChange={load.retry} onUnauthorized={onUnauthorized} />;
}

export function bottleneckWords(d: Pick<Dashboard, 'pipeline_summary' | 'halt'>): string {
  const s = d.pipeline_summary;
  const c = s.counts;
  switch (s.bottleneck) {
    case null:
      return `no bottleneck: ${c.picks} ${c.picks === 1 ? 'pick' : 'picks'} published`;
    case 'halted':
      return `halted: ${d.halt.reason ?? 'no reason given'}`;
    case 'no_models':
      return 'no_models: no enabled model produced predictions';
    case 'no_candidates':
      return `no_candidates: ${c.predictions} predictions, none with a line to bet`;
    case 'edge_floor':
      return `edge_floor: max edge ${num(c.max_edge)} below the edge floor (${c.candidates} candidates, none passed)`;
    case 'filters_rejected_all':
      return `filters_rejected_all: ${c.edge_floor_passed} candidates cleared the edge floor, the filters rejected every one`;
    default:
      return String(s.bottleneck);
  }
}

function DashboardBody({
  d,
  onChange,
  onUnauthorized,
}: {
  d: Dashboard;
  onChange: () => void;
  onUnauthorized: () => void;
}) {
  const c = d.pipeline_summary.counts;
  return (
    <>
      <h1>
        Admin · {d.date} <span class="muted small-text mono hash">config {d.config_hash}</span>
      </h1>
      {d.halt.active && <HaltNote reason={d.halt.reason} since={d.halt.since} />}
      <section class="card">
        <h2>Pipeline</h2>
        <p class="bottleneck" data-testid="bottleneck">
          {bottleneckWords(d)}
        </p>
        <dl class="counts">
          {(
            [
              ['models enabled', c.models_enabled],
              ['models predicted', c.models_predicted],
              ['predictions', c.predictions],
              ['candidates', c.candidates],
              ['edge floor passed', c.edge_floor_passed],
              ['filters passed', c.filters_passed],
              ['capped', c.capped],
              ['picks', c.picks],
              ['ultra', c.ultra],
              ['max edge', c.max_edge],
            ] as const
          ).map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd class="num">{num(v)}</dd>
            </div>
          ))}
        </dl>
      </section>
      <Funnel d={d} />
      <section class="card">
        <h2>Ultra gate</h2>
        <p class="num" data-testid="ultra-gate">
          {d.ultra_gate.met ? 'met' : 'not met'}: {d.ultra_gate.n} of {d.ultra_gate.target_n},{' '}
          {num(d.ultra_gate.hr)}% vs {d.ultra_gate.target_hr}%
        </p>
        <progress max={d.ultra_gate.target_n} value={Math.min(d.ultra_gate.n, d.ultra_gate.target_n)} />
      </section>
      <AdminPicks d={d} />
      <ModelHealth d={d} />
      <section class="card">
        <h2>Latest batch</h2>
        {d.latest_batch ? (
          <p class="num">
            <span class="mono">{d.latest_batch.batch_id}</span> · {d.latest_batch.date} ·{' '}
            <span class={`chip run-${d.latest_batch.status}`}>{d.latest_batch.status}</span> ·{' '}
            {d.latest_batch.completed} of {d.latest_batch.requested} done, {d.latest_batch.failed} failed ·{' '}
            {instant(d.latest_batch.started_at)} → {instant(d.latest_batch.finished_at)}
          </p>
        ) : (
          <p class="muted">No batch yet.</p>
        )}
      </section>
      <RunLog d={d} />
      <section class="card">
        <h2>Alerts</h2>
        {d.alerts.length === 0 ? (
          <p class="muted">No alerts.</p>
        ) : (
          <ul class="alerts">
            {d.alerts.map((a) => (
              <li key={`${a.created_at}-${a.kind}-${a.subject}`} class={`sev-${a.severity}`}>
                <span class="chip">{a.severity}</span> {instant(a.created_at)} · {a.kind} · {a.subject}:{' '}
                {a.message}
              </li>
            ))}
          </ul>
        )}
      </section>
      <Actions d={d} onChange={onChange} onUnauthorized={onUnauthorized} />
    </>
  );
}

function Funnel({ d }: { d: Dashboard }) {
  const f = d.filter_summary;
  const total = Math.max(1, f.total_candidates);
  // total → after each filter in filter order (each candidate counted at its first failing filter) → passed
  let left = f.total_candidates;
  const rows: Array<{ key: string; label: string; value: number; width: number }> = [
    { key: 'total', label: 'candidates', value: f.total_candidates, width: f.total_candidates },
  ];
  for (const [k, v] of Object.entries(f.rejected)) {
    left -= v;
    rows.push({ key: k, label: `${k} −${v}`, value: v, width: Math.max(0, left) });
  }
  rows.push({ key: 'passed', label: 'passed', value: f.passed, width: f.passed });
  return (
    <section class="card">
      <h2>Filter funnel</h2>
      <ol class="funnel">
        {rows.map((r) => (
          <li key={r.key} data-testid="funnel-bar" data-key={r.key}>
            <span class="funnel-label">{r.label}</span>
            <span class="funnel-track">
              <span class="funnel-fill" style={{ width: `${(100 * r.width) / total}%` }} />
            </span>
            <span class="num funnel-value">
              {r.key === 'total' || r.key === 'passed' ? r.value : r.width}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}

function AdminPicks({ d }: { d: Dashboard }) {
  return (
    <section class="card">
      <h2>Today's picks ({d.today_picks.length})</h2>
      {d.today_picks.length === 0 ? (
        <p class="muted">None.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Player</th>
                <th scope="col">Pick</th>
                <th scope="col" class="r">
                  Pred
                </th>
                <th scope="col" class="r">
                  Edge
                </th>
                <th scope="col" class="r">
                  Price
                </th>
                <th scope="col">Model</th>
                <th scope="col">Ultra criteria</th>
              </tr>
            </thead>
            <tbody>
              {d.today_picks.map((p) => (
                <tr key={`${p.rank}-${p.player_id}`}>
                  <td class="r">{p.rank}</td>
                  <td>{p.player}</td>
                  <td class="nowrap">
                    {p.direction} {p.line}
                  </td>
                  <td class="r">{p.predicted}</td>
                  <td class="r">{dec1(p.edge)}</td>
                  <td class="r">{price(p.price)}</td>
                  <td class="mono">{p.system_id}</td>
                  <td>
                    {p.ultra_criteria.length === 0
                      ? '—'
                      : p.ultra_criteria
                          .map((u) => `${u.id} ${u.hr === null ? '—' : `${u.hr}%`} (N ${u.n})`)
                          .join('; ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function ModelHealth({ d }: { d: Dashboard }) {
  return (
    <section class="card">
      <h2>Model health</h2>
      <p>
        Direction, last {d.direction_health.window_days} days: over <RecordText r={d.direction_health.over} />
        ; under <RecordText r={d.direction_health.under} />
      </p>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">State</th>
              <th scope="col" class="r">
                7d
              </th>
              <th scope="col" class="r">
                30d
              </th>
              <th scope="col" class="r">
                Candidates
              </th>
              <th scope="col" class="r">
                Picks
              </th>
            </tr>
          </thead>
          <tbody>
            {d.model_health.map((m) => (
              <tr key={m.system_id}>
                <th scope="row" class="mono">
                  {m.system_id}
                </th>
                <td>
                  <span class={`chip state-${m.state.toLowerCase()}`}>{m.state}</span>{' '}
                  {m.enabled ? '' : '(disabled)'}
                </td>
                <td class="r num">{hrText(m.w7d)}</td>
                <td class="r num">{hrText(m.w30d)}</td>
                <td class="r num">{m.candidates_today}</td>
                <td class="r num">{m.picks_today}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="muted">
        Player blacklist: {d.player_blacklist.count} of {d.player_blacklist.evaluated} evaluated (HR below{' '}
        {d.player_blacklist.hr_threshold}% over ≥ {d.player_blacklist.min_n})
        {d.player_blacklist.players.length > 0 && `: ${d.player_blacklist.players.join(', ')}`}
      </p>
    </section>
  );
}

function RunLog({ d }: { d: Dashboard }) {
  return (
    <section class="card">
      <h2>Run log</h2>
      <div class="table-wrap">
        <table data-testid="run-log">
          <thead>
            <tr>
              <th scope="col">Run</th>
              <th scope="col">Phase</th>
              <th scope="col">Date</th>
              <th scope="col">Status</th>
              <th scope="col">Started</th>
              <th scope="col" class="r">
                ms
              </th>
              <th scope="col">Error</th>
            </tr>
          </thead>
          <tbody>
            {d.pipeline_runs.map((r) => (
              <tr key={r.run_id} class={r.status === 'failed' ? 'failed' : undefined}>
                <td class="mono">{r.run_id}</td>
                <td>{r.phase}</td>
                <td class="nowrap">{r.date}</td>
                <td>
                  <span class={`chip run-${r.status}`}>{r.status}</span>
                </td>
                <td class="nowrap">{instant(r.started_at)}</td>
                <td class="r num">{num(r.duration_ms)}</td>
                <td>{r.error ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

const PHASES = ['ingest', 'grade', 'features', 'train', 'predict', 'bestbets', 'publish'];
const MODES = ['FIRST', 'RETRY', 'FINAL_RETRY', 'LAST_CALL', 'LINE_UPDATE', 'BACKFILL'];

type ActionResult = { label: string; ok: boolean; text: string; runId?: string; runStatus?: string };

function Actions({
  d,
  onChange,
  onUnauthorized,
}: {
  d: Dashboard;
  onChange: () => void;
  onUnauthorized: () => void;
}) {
  const [date, setDate] = useState(d.date);
  const [phase, setPhase] = useState('bestbets');
  const [mode, setMode] = useState('RETRY');
  const [model, setModel] = useState(d.model_health[0]?.system_id ?? '');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ActionResult | null>(null);

  // Poll a started run until it leaves `running`, then reload the dashboard.
  useEffect(() => {
    if (!result?.runId || (result.runStatus && result.runStatus !== 'running')) return;
    const id = setTimeout(async () => {
      try {
        const run = await request<{ status: string }>(
          'GET',
          `/api/admin/runs/${result.runId}`,
          undefined,
          true,
        );
        setResult({ ...result, runStatus: run.status });
        if (run.status !== 'running') onChange();
      } catch (e) {
        setResult({ ...result, runStatus: `unknown (${(e as Error).message})` });
      }
    }, 1000);
    return () => clearTimeout(id);
  }, [result]);

  async function act(label: string, method: string, path: string, body?: unknown) {
    setBusy(true);
    try {
      const res = await request<Record<string, unknown>>(method, path, body, true);
      const runId = typeof res.run_id === 'string' ? res.run_id : undefined;
      setResult({
        label,
        ok: true,
        text: JSON.stringify(res),
        runId,
        runStatus: runId ? 'running' : undefined,
      });
      if (!runId) onChange();
    } catch (e) {
      if (e instanceof HttpError && e.status === 401) return onUnauthorized();
      const body = (e as { body?: unknown }).body;
      setResult({
        label,
        ok: false,
        text: `${(e as Error).message}${body ? ` ${JSON.stringify(body)}` : ''}`,
      });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card">
      <h2>Actions</h2>
      <div class="actions">
        <label class="field">
          Date{' '}
          <input type="date" value={date} onInput={(e) => setDate((e.target as HTMLInputElement).value)} />
        </label>
        <div class="action-row">
          <button
            type="button"
            disabled={busy}
            onClick={() => act('Re-export', 'POST', '/api/admin/export', { date })}
          >
            Re-export
          </button>
        </div>
        <div class="action-row">
          <label class="field">
            Phase{' '}
            <select value={phase} onChange={(e) => setPhase((e.target as HTMLSelectElement).value)}>
              {PHASES.map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
          </label>
          <button
            type="button"
            disabled={busy}
            onClick={() => act(`Run ${phase}`, 'POST', `/api/admin/phases/${phase}`, { date })}
          >
            Run phase
          </button>
        </div>
        <div class="action-row">
          <label class="field">
            Mode{' '}
            <select value={mode} onChange={(e) => setMode((e.target as HTMLSelectElement).value)}>
              {MODES.map((m) => (
                <option key={m}>{m}</option>
              ))}
            </select>
          </label>
          <button
            type="button"
            disabled={busy}
            onClick={() => act('Start batch', 'POST', '/api/admin/batches', { date, mode })}
          >
            Start batch
          </button>
        </div>
        <label class="field">
          Reason{' '}
          <input
            type="text"
            value={reason}
            onInput={(e) => setReason((e.target as HTMLInputElement).value)}
          />
        </label>
        <div class="action-row">
          <label class="field">
            Model{' '}
            <select value={model} onChange={(e) => setModel((e.target as HTMLSelectElement).value)}>
              {d.model_health.map((m) => (
                <option key={m.system_id}>{m.system_id}</option>
              ))}
            </select>
          </label>
          <button
            type="button"
            disabled={busy || !model}
            onClick={() => act('Enable model', 'POST', `/api/admin/models/${model}/enable`, { reason })}
          >
            Enable
          </button>
          <button
            type="button"
            disabled={busy || !model}
            onClick={() => act('Disable model', 'POST', `/api/admin/models/${model}/disable`, { reason })}
          >
            Disable
          </button>
        </div>
        <div class="action-row">
          <button
            type="button"
            disabled={busy || !reason}
            onClick={() => act('Set halt', 'POST', '/api/admin/halt', { reason })}
          >
            Set halt
          </button>
          <button
            type="button"
            disabled={busy}
            onClick={() => act('Clear halt', 'DELETE', '/api/admin/halt')}
          >
            Clear halt
          </button>
        </div>
      </div>
      <output
        class={`action-result${result ? (result.ok ? ' ok' : ' bad') : ''}`}
        data-testid="action-result"
      >
        {result
          ? `${result.label}: ${result.ok ? 'accepted' : 'failed'} ${result.text}${result.runId ? ` · run ${result.runId}: ${result.runStatus}` : ''}`
          : 'Results of actions appear here.'}
      </output>
    </section>
  );
}
