import { useJson } from '../api.ts';
import { HaltNote, Loaded, RecordText } from '../components/common.tsx';
import { PickCard } from '../components/pick-card.tsx';
import { day, pct } from '../format.ts';
import type { BestBetsAll } from '../types.ts';

export function gradedLine(c: BestBetsAll['counts']): string {
  // The site's wording (spec 07 §2.1): "{graded} of {total − voided} graded · {voided} void".
  return `${c.graded} of ${c.total - c.voided} graded · ${c.voided} void`;
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
              <strong>No edge today — nothing cleared our filters.</strong>
            </p>
            {t.message && <p>{t.message}</p>}
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
