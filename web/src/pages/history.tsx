import { useMemo } from 'preact/hooks';
import type uPlot from 'uplot';
import { useJson } from '../api.ts';
import { axisStyle, Chart, COLORS, dayAxis, dayX, hline } from '../charts/chart.tsx';
import { HaltNote, Loaded, RecordText, ResultChip, StatusChip } from '../components/common.tsx';
import { cumulativeUnits } from '../derive.ts';
import { day, dec1, num, price } from '../format.ts';
import type { BestBetsAll, Day } from '../types.ts';
import { gradedLine } from './best-bets.tsx';

export default function HistoryPage() {
  const load = useJson<BestBetsAll>('/v1/best-bets/all.json');
  return (
    <Loaded load={load} minHeight={900}>
      {(d) => <History d={d} />}
    </Loaded>
  );
}

function History({ d }: { d: BestBetsAll }) {
  return (
    <>
      <h1>History</h1>
      <p class="num" data-testid="graded-count">
        {gradedLine(d.counts)}
        {d.counts.withdrawn > 0 && ` · ${d.counts.withdrawn} withdrawn (outside the record)`}
      </p>
      <UnitsChart d={d} />
      {d.weeks.map((w) => (
        <section class="week card" key={w.week_start} data-week={w.week_start}>
          <h2>
            Week of {day(w.week_start)} <RecordText r={w.record} />
          </h2>
          {w.days.map((x) => (
            <DayRow key={x.date} d={x} />
          ))}
        </section>
      ))}
    </>
  );
}

function DayRow({ d }: { d: Day }) {
  return (
    <details class="day" data-date={d.date}>
      <summary>
        <span class="day-date">{day(d.date)}</span>
        <StatusChip status={d.status} />
        {d.halt.active && <span class="chip chip-halted">halted</span>}
        <span class="num">
          {d.picks.length} {d.picks.length === 1 ? 'pick' : 'picks'}
        </span>
        {d.record.wins + d.record.losses + d.record.pushes > 0 && <RecordText r={d.record} />}
      </summary>
      {d.halt.active && <HaltNote reason={d.halt.reason} since={d.halt.since} />}
      {d.picks.length === 0 ? (
        <p class="muted">No picks this day.</p>
      ) : (
        <div class="table-wrap">
          <table class="picks">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Player</th>
                <th scope="col">Pick</th>
                <th scope="col" class="r">
                  Edge
                </th>
                <th scope="col" class="r">
                  Price
                </th>
                <th scope="col" class="r">
                  Actual
                </th>
                <th scope="col">Result</th>
              </tr>
            </thead>
            <tbody>
              {d.picks.map((p) => (
                <tr
                  key={`${p.rank}-${p.player_id}`}
                  class={p.status === 'withdrawn' ? 'withdrawn' : undefined}
                >
                  <td class="r">{p.rank}</td>
                  <td>
                    <a href={`/player/${p.player_lookup}`}>{p.player}</a>{' '}
                    <span class="muted">
                      {p.team} v {p.opponent}
                    </span>
                    {p.ultra && <span class="badge-ultra small">ULTRA</span>}
                  </td>
                  <td class="nowrap">
                    {p.direction} {p.line}
                  </td>
                  <td class="r">{dec1(p.edge)}</td>
                  <td class="r">{price(p.price)}</td>
                  <td class="r">{num(p.actual)}</td>
                  <td>
                    <ResultChip pick={p} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </details>
  );
}

function UnitsChart({ d }: { d: BestBetsAll }) {
  const { data, points } = useMemo(() => {
    const c = cumulativeUnits(d);
    return { data: [c.dates.map(dayX), c.units] as uPlot.AlignedData, points: c.units.length };
  }, [d]);
  const options = useMemo(
    () => (): Omit<uPlot.Options, 'width' | 'height'> => ({
      legend: { show: false },
      scales: {
        x: { time: true },
        y: { range: (_u, lo, hi) => [Math.min(lo, -1) - 0.5, Math.max(hi, 1) + 0.5] },
      },
      axes: [dayAxis, { ...axisStyle, label: 'units', size: 50 }],
      series: [
        {},
        { label: 'Cumulative units', stroke: COLORS.main, width: 2, points: { show: points < 40 } },
      ],
      hooks: { draw: [(u) => hline(u, 0, COLORS.be)] },
    }),
    [points],
  );
  if (points === 0)
    return (
      <p class="muted chart-empty">No graded picks yet: the units chart starts with the first result.</p>
    );
  return (
    <Chart
      title="Cumulative units (1 unit per pick at the listed price; dashed red: break-even)"
      height={240}
      data={data}
      options={options}
      points={points}
    />
  );
}
