import type { ComponentChildren } from 'preact';
import { HttpError, type Load } from '../api.ts';
import { interval, pct, STATUS_WORDS, VOID_WORDS, wlp } from '../format.ts';
import type { PublicPick, Rec } from '../types.ts';

export function ErrorBanner({ error, retry }: { error: Error; retry: () => void }) {
  return (
    <div class="error-banner" role="alert">
      <span>
        {error instanceof HttpError && error.status === 404
          ? 'Nothing has been published here yet (the server has no such file): the exports appear after the first best-bets run or `courtedge export`.'
          : `Could not load this page's data: ${error.message}.`}
      </span>
      <button type="button" onClick={retry}>
        Retry
      </button>
    </div>
  );
}

/**
 * Renders a Load: a placeholder of the page's reserved height while loading (no layout jump),
 * the error banner with retry on failure, the page once the data is there.
 */
export function Loaded<T>({
  load,
  minHeight,
  children,
}: {
  load: Load<T>;
  minHeight: number;
  children: (data: T) => ComponentChildren;
}) {
  if (load.state === 'error') return <ErrorBanner error={load.error} retry={load.retry} />;
  if (load.state === 'loading')
    return <div class="placeholder" style={{ minHeight: `${minHeight}px` }} aria-busy="true" />;
  return <>{children(load.data)}</>;
}

/** "31-17-1 · 64.6% · N 48 · 95% CI 50.4–76.6" (pushes and voids outside the hit rate). */
export function RecordText({ r }: { r: Rec }) {
  const n = r.wins + r.losses;
  return (
    <span class="record">
      <span class="num">{wlp(r)}</span>
      <span class="num">{pct(r.pct)}</span>
      <span class="num muted">N {n}</span>
      {r.ci_low !== null && <span class="num muted">{interval(r.ci_low, r.ci_high)}</span>}
      {r.voided > 0 && <span class="num muted">{r.voided} void</span>}
    </span>
  );
}

export function ResultChip({ pick }: { pick: PublicPick }) {
  if (pick.status === 'withdrawn')
    return (
      <span class="chip chip-withdrawn">
        Withdrawn{pick.withdraw_reason ? ` — ${pick.withdraw_reason}` : ''}
      </span>
    );
  if (!pick.result) return <span class="chip chip-pending">Pending</span>;
  if (pick.result === 'VOID')
    return (
      <span class="chip chip-void">
        Void{pick.void_reason ? ` — ${VOID_WORDS[pick.void_reason] ?? pick.void_reason}` : ''}
      </span>
    );
  const cls = pick.result === 'WIN' ? 'chip-win' : pick.result === 'LOSS' ? 'chip-loss' : 'chip-push';
  return <span class={`chip ${cls}`}>{pick.result}</span>;
}

export function StatusChip({ status }: { status: string }) {
  return <span class={`chip status-${status}`}>{STATUS_WORDS[status] ?? status}</span>;
}

export function HaltNote({ reason, since }: { reason: string | null; since: string | null }) {
  return (
    <div class="halt" role="status">
      <strong>Picks are halted.</strong> {reason ?? 'No reason was given.'}
      {since && <span class="muted"> (since {since.slice(0, 10)})</span>}
    </div>
  );
}
