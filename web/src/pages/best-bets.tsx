import { useJson } from '../api.ts';
import { HaltNote, Loaded, RecordText } from '../components/common.tsx';
import { PickCard } from '../components/pick-card.tsx';
import { day, pct } from '../format.ts';
import type { BestBetsAll, SignalBestBets } from '../types.ts';

export function gradedLine(c: BestBetsAll['counts']): string {
  // The site's wording (spec 07 §2.1): "{graded} of {total − voided} graded · {voided} void".
  return `${c.graded} of ${c.total - c.voided} graded · ${c.voided} void`;
}

const NO_EDGE = 'No edge today — nothing cleared our filters';

/**
 * Why a day has no picks, in plain words, from the day's signal file (all.json carries the
 * status only): how many candidates there were, the largest edge, and where the filters
 * stopped them. Shown only when that file is the same day's; otherwise nothing.
 */
export function bottleneckSentence(s: SignalBestBets): string | null {
  const f = s.filter_summary;
  if (f.total_candidates === 0) return 'No player had both a line and a model prediction today.';
  const edge = s.edge_distribution.max_edge;
  const floor = f.rejected.edge_floor ?? 0;
  const others = f.total_candidates - floor - f.passed;
  const parts = [
    `${f.total_candidates} candidates today; the largest edge was ${edge === null ? '—' : edge.toFixed(1)} pts.`,
  ];
  if (floor > 0) parts.push(`${floor} fell short of the edge floor`);
  if (others > 0) parts.push(`${floor > 0 ? 'and ' : ''}${others} were stopped by the other filters`);
  return parts.length > 1 ? `${parts[0]} ${parts.slice(1).join(' ')}.` : parts[0];
}

function Bottleneck({ date }: { date: string }) {
  const load = useJson<SignalBestBets>('/v1/signal-best-bets/latest.json');
  if (load.state !== 'ok' || load.data.date !== date) return <p class="muted">&nbsp;</p>;
  return (
    <p class="muted" data-testid="no-edge-why">
      {bottleneckSentence(load.data)}
    </p>
  );
}

export function BestBetsPage() {
  const load = useJson<BestBetsAll>('/v1/best-bets/all.json');
  return (
    <Loaded load={load} minHeight={720}>
      {(d) => <BestBets d={d} />}
    </Loaded>
  );
}

function BestBets({ d }: { d: BestBetsAll }) {
  const t = d.today;
  return (
    <>
      <section class="record-head card" aria-label="Track record">
        <div class="season-line">
          <h1>
            {d.season} season <span class="muted">through {day(d.date)}</span>
          </h1>
          <div class="season-record" data-testid="season-record">
            <RecordText r={d.record.season} />
            <span class="be num">break-even {pct(d.break_even_pct)}</span>
          </div>
        </div>
        <dl class="windows">
          <div>
            <dt>This month</dt>
            <dd>
              <RecordText r={d.record.month} />
            </dd>
          </div>
          <div>
            <dt>This week</dt>
            <dd>
              <RecordText r={d.record.week} />
            </dd>
          </div>
          <div>
            <dt>Last 10</dt>
            <dd>
              <RecordText r={d.record.last_10} />
            </dd>
          </div>
          <div>
            <dt>Streak</dt>
            <dd class="num">
              {d.streak.type ? `${d.streak.type}${d.streak.count}` : '—'}
              <span class="muted">
                {' '}
                · best W{d.best_streak.count}
                {d.best_streak.start && ` (${d.best_streak.start} – ${d.best_streak.end})`}
              </span>
            </dd>
          </div>
          <div>
            <dt>Ultra</dt>
            <dd>
              <RecordText r={d.ultra_record.overall} />
              <span class="muted num">
                {' '}
                · over {d.ultra_record.over.wins}-{d.ultra_record.over.losses} · under{' '}
                {d.ultra_record.under.wins}-{d.ultra_record.under.losses}
              </span>
            </dd>
          </div>
          <div>
            <dt>Graded</dt>
            <dd class="num" data-testid="graded-count">
              {gradedLine(d.counts)}
            </dd>
          </div>
        </dl>
      </section>

      <section aria-label="Today's picks">
        <h2>
          Picks for {day(t.date)}{' '}
          <span class="muted num">{t.picks.length > 0 ? `(${t.picks.length})` : ''}</span>
        </h2>
        {d.halt.active && <HaltNote reason={d.halt.reason} since={d.halt.since} />}
        {t.status === 'not_run' && t.picks.length === 0 && (
          <p class="empty" data-testid="not-run">
            Today's picks are not out yet.
          </p>
        )}
        {t.status === 'no_picks' && (
          <div class="empty" data-testid="no-edge">
            <p>
              <strong>{NO_EDGE}</strong>
            </p>
            {t.message && !t.message.startsWith(NO_EDGE) && <p>{t.message}</p>}
            {!d.halt.active && <Bottleneck date={t.date} />}
          </div>
        )}
        <div class="cards">
          {t.picks.map((p) => (
            <PickCard key={`${p.rank}-${p.player_id}`} pick={p} />
          ))}
        </div>
      </section>
    </>
  );
}
