import { dec1, num, price, signed1, tipTime } from '../format.ts';
import type { PublicPick } from '../types.ts';
import { ResultChip } from './common.tsx';

export function PickCard({ pick }: { pick: PublicPick }) {
  const graded = pick.result !== null || pick.status === 'withdrawn';
  return (
    <article class={`card pick${pick.ultra ? ' ultra' : ''}`} data-rank={pick.rank}>
      <header class="pick-head">
        <span class="rank num">#{pick.rank}</span>
        <a class="player" href={`/player/${pick.player_lookup}`}>
          {pick.player}
        </a>
        {pick.ultra && <span class="badge-ultra">ULTRA</span>}
      </header>
      <div class="pick-meta muted">
        {pick.team} vs {pick.opponent} · {tipTime(pick.game_time)}
      </div>
      <div class="pick-line">
        <span class={`dir dir-${pick.direction.toLowerCase()}`}>
          {pick.direction} <span class="line num">{pick.line}</span>
        </span>
        <span class="edge num">{dec1(pick.edge)} pts edge</span>
      </div>
      <div class="pick-price">
        <span class="price num">
          {pick.price === null ? 'no price' : `${price(pick.price)} at ${pick.book ?? '—'}`}
        </span>
        <span class="ev num">{pick.ev_pct === null ? '' : `${signed1(pick.ev_pct, '%')} EV`}</span>
      </div>
      {pick.angles.length > 0 && (
        <ul class="angles">
          {pick.angles.slice(0, 3).map((a) => (
            <li key={a}>{a}</li>
          ))}
        </ul>
      )}
      {pick.warnings.length > 0 && (
        <ul class="warnings">
          {pick.warnings.map((w) => (
            <li key={w}>⚠ {w}</li>
          ))}
        </ul>
      )}
      {graded && (
        <div class="pick-result">
          <ResultChip pick={pick} />
          {pick.actual !== null && <span class="num">scored {num(pick.actual)}</span>}
        </div>
      )}
    </article>
  );
}
