import { useMemo } from 'preact/hooks';
import uPlot from 'uplot';
import { useJson } from '../api.ts';
import { axisStyle, Chart, COLORS } from '../charts/chart.tsx';
import { Loaded, RecordText } from '../components/common.tsx';
import { day, num } from '../format.ts';
import type { PlayerFile } from '../types.ts';

export default function PlayerPage({ params }: { params: Record<string, string> }) {
  const lookup = params.lookup ?? '';
  const valid = /^[a-z0-9]{1,64}$/.test(lookup);
  const load = useJson<PlayerFile>(valid ? `/v1/players/${lookup}.json` : null);
  if (!valid)
    return (
      <p class="error-banner" role="alert">
        “{lookup}” is not a player id.
      </p>
    );
  return (
    <Loaded load={load} minHeight={900}>
      {(d) => <Player d={d} />}
    </Loaded>
  );
}

/**
 * Share of the last k games whose points beat `line` (L5/L10/L20 over-rates against the current
 * line; the only numbers this page derives, from the games the file lists).
 */
export function overRate(games: PlayerFile['games'], line: number, k: number): { over: number; n: number } {
  const last = games.slice(-k);
  return { over: last.filter((g) => g.points > line).length, n: last.length };
}

function Player({ d }: { d: PlayerFile }) {
  const current = d.upcoming?.line ?? [...d.games].reverse().find((g) => g.line !== null)?.line ?? null;
  return (
    <>
      <h1>
        {d.player} <span class="muted">{d.team}</span>
      </h1>
      <p>
        Best bets on {d.player} this season: <RecordText r={d.record} />
      </p>
      {current !== null && (
        <dl class="windows" data-testid="over-rates">
          {[5, 10, 20].map((k) => {
            const r = overRate(d.games, current, k);
            return (
              <div key={k}>
                <dt>
                  L{k} over {current}
                </dt>
                <dd class="num">
                  {r.over} of {r.n}
                </dd>
              </div>
            );
          })}
        </dl>
      )}
      <PointsChart d={d} />
      {d.upcoming && (
        <section class="card">
          <h2>
            Next: {day(d.upcoming.date)} vs {d.upcoming.opponent}{' '}
            <span class="muted num">line {num(d.upcoming.line)}</span>
          </h2>
          {d.upcoming.predictions.length === 0 ? (
            <p class="muted">No predictions yet.</p>
          ) : (
            <div class="table-wrap">
              <table data-testid="upcoming">
                <thead>
                  <tr>
                    <th scope="col">Model</th>
                    <th scope="col" class="r">
                      Predicted
                    </th>
                    <th scope="col">Call</th>
                  </tr>
                </thead>
                <tbody>
                  {d.upcoming.predictions.map((p) => (
                    <tr key={p.system_id}>
                      <th scope="row" class="mono">
                        {p.system_id}
                      </th>
                      <td class="r num">{p.predicted}</td>
                      <td>{p.recommendation}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
      <h2>Last {d.games.length} games</h2>
      <div class="table-wrap">
        <table data-testid="games">
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Opp</th>
              <th scope="col" class="r">
                Min
              </th>
              <th scope="col" class="r">
                Pts
              </th>
              <th scope="col" class="r">
                Line
              </th>
              <th scope="col">vs line</th>
              <th scope="col">Best bet</th>
            </tr>
          </thead>
          <tbody>
            {[...d.games].reverse().map((g) => (
              <tr key={g.game_id}>
                <td class="nowrap">{day(g.date)}</td>
                <td class="nowrap">
                  {g.home ? 'vs' : '@'} {g.opponent}
                </td>
                <td class="r num">{g.minutes}</td>
                <td class="r num">{g.points}</td>
                <td class="r num">{num(g.line)}</td>
                <td>{g.vs_line ?? '—'}</td>
                <td>{g.best_bet ? `${g.best_bet.direction} · ${g.best_bet.result ?? 'pending'}` : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function PointsChart({ d }: { d: PlayerFile }) {
  const { data, points } = useMemo(() => {
    const xs = d.games.map((_, i) => i + 1);
    return {
      data: [xs, d.games.map((g) => g.points), d.games.map((g) => g.line)] as uPlot.AlignedData,
      points: d.games.length,
    };
  }, [d]);
  const options = useMemo(
    () => (): Omit<uPlot.Options, 'width' | 'height'> => ({
      legend: { show: false },
      scales: {
        x: { time: false, range: [0.5, Math.max(1, d.games.length) + 0.5] },
        y: { range: (_u, lo, hi) => [0, Math.max(hi, lo) + 5] },
      },
      axes: [
        {
          ...axisStyle,
          values: (_u, vals) =>
            vals.map((v) => (Number.isInteger(v) && d.games[v - 1] ? d.games[v - 1].date.slice(5) : '')),
        },
        { ...axisStyle, label: 'points', size: 44 },
      ],
      series: [
        {},
        { label: 'points', stroke: COLORS.main, width: 0, paths: () => null, points: { show: false } },
        {
          label: 'line',
          stroke: COLORS.muted,
          width: 2,
          paths: uPlot.paths.stepped!({ align: 1 }),
          spanGaps: true,
        },
      ],
      hooks: {
        draw: [
          (u) => {
            const ctx = u.ctx;
            const r = devicePixelRatio;
            ctx.save();
            d.games.forEach((g, i) => {
              const x = u.valToPos(i + 1, 'x', true);
              const y = u.valToPos(g.points, 'y', true);
              ctx.fillStyle =
                g.vs_line === 'OVER' ? COLORS.over : g.vs_line === 'UNDER' ? COLORS.under : COLORS.muted;
              ctx.beginPath();
              ctx.arc(x, y, 4.5 * r, 0, Math.PI * 2);
              ctx.fill();
              if (g.best_bet) {
                // a best bet: a ring, and its result as a letter (colour is not the only carrier)
                ctx.strokeStyle = '#111';
                ctx.lineWidth = 1.5 * r;
                ctx.beginPath();
                ctx.arc(x, y, 8 * r, 0, Math.PI * 2);
                ctx.stroke();
                ctx.font = `bold ${11 * r}px system-ui, sans-serif`;
                ctx.textAlign = 'center';
                ctx.strokeStyle = '#fff';
                ctx.lineWidth = 3 * r;
                ctx.strokeText((g.best_bet.result ?? '?').slice(0, 1), x, y - 11 * r);
                ctx.fillStyle = '#111';
                ctx.fillText((g.best_bet.result ?? '?').slice(0, 1), x, y - 11 * r);
              }
            });
            ctx.restore();
          },
        ],
      },
    }),
    [d],
  );
  if (points === 0) return <p class="muted chart-empty">No games played this season yet.</p>;
  return (
    <Chart
      title="Points per game against that game's line (step). Green: over, red: under; ringed: a best bet (W/L/P)."
      height={260}
      data={data}
      options={options}
      points={points}
    />
  );
}
