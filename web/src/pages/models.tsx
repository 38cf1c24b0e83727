import { useMemo, useState } from 'preact/hooks';
import type uPlot from 'uplot';
import { useJson } from '../api.ts';
import { axisStyle, Chart, COLORS, dayAxis, dayX, hline } from '../charts/chart.tsx';
import { HaltNote, Loaded } from '../components/common.tsx';
import { wilson } from '../derive.ts';
import { hrText, interval, num } from '../format.ts';
import type { CalibrationBin, Hr, ModelsHealth } from '../types.ts';

type Model = ModelsHealth['models'][number];

export default function ModelsPage() {
  const load = useJson<ModelsHealth>('/v1/models/health.json');
  return (
    <Loaded load={load} minHeight={900}>
      {(d) => <Models d={d} />}
    </Loaded>
  );
}

function HrCell({ h }: { h: Hr }) {
  return (
    <td class="r">
      <span class="num nowrap">{hrText(h)}</span>
      {h.ci_low !== null && <span class="ci muted">{interval(h.ci_low, h.ci_high)}</span>}
    </td>
  );
}

function Models({ d }: { d: ModelsHealth }) {
  const [chosen, setChosen] = useState(d.models[0]?.system_id ?? '');
  const model = d.models.find((m) => m.system_id === chosen) ?? d.models[0];
  return (
    <>
      <h1>Models</h1>
      {d.halt.active && <HaltNote reason={d.halt.reason} since={d.halt.since} />}
      <p class="muted">
        Hit rates of graded predictions with |edge| ≥ 3 (direction = sign of the edge), with N and the 95%
        interval; break-even at −110 is {d.break_even_pct}%. MAE is the model's mean absolute error over 30
        days, against the line's own MAE as a prediction.
      </p>
      <div class="table-wrap">
        <table class="models" data-testid="models-table">
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Family</th>
              <th scope="col">Enabled</th>
              <th scope="col">State</th>
              <th scope="col" class="r">
                7 days
              </th>
              <th scope="col" class="r">
                14 days
              </th>
              <th scope="col" class="r">
                30 days
              </th>
              <th scope="col" class="r">
                MAE / line MAE
              </th>
              <th scope="col" class="r">
                Bias
              </th>
              <th scope="col" class="r">
                Trained (days ago)
              </th>
            </tr>
          </thead>
          <tbody>
            {d.models.map((m) => (
              <tr key={m.system_id} data-model={m.system_id}>
                <th scope="row" class="mono">
                  {m.system_id}
                </th>
                <td>{m.family}</td>
                <td>{m.enabled ? 'yes' : 'no'}</td>
                <td>
                  <span class={`chip state-${m.state.toLowerCase()}`}>{m.state}</span>
                  <span class="muted small-text"> {m.status}</span>
                </td>
                <HrCell h={m.w7d} />
                <HrCell h={m.w14d} />
                <HrCell h={m.w30d} />
                <td class="r num">
                  {num(m.mae_30d)} / {num(m.line_mae_30d)}
                </td>
                <td class="r num">{num(m.bias_30d)}</td>
                <td class="r num">{num(m.days_since_training)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {d.families.some((f) => f.blocked) && (
        <p class="warn-text">
          Blocked families:{' '}
          {d.families
            .filter((f) => f.blocked)
            .map((f) => f.family)
            .join(', ')}
        </p>
      )}

      <h2>Rolling 7-day hit rate</h2>
      <p class="muted">
        Shaded: 95% interval. Dashed red: break-even {d.break_even_pct}%. Dashed green: 58% target.
      </p>
      <div class="chart-grid">
        {d.models.map((m) => (
          <RollingChart key={m.system_id} m={m} be={d.break_even_pct} />
        ))}
      </div>

      <h2>Calibration</h2>
      {d.models.length > 0 && (
        <>
          <label class="field">
            Model{' '}
            <select
              value={model.system_id}
              onChange={(e) => setChosen((e.target as HTMLSelectElement).value)}
            >
              {d.models.map((m) => (
                <option key={m.system_id} value={m.system_id}>
                  {m.system_id}
                </option>
              ))}
            </select>
          </label>
          <CalibrationChart key={model.system_id} m={model} />
        </>
      )}
    </>
  );
}

function RollingChart({ m, be }: { m: Model; be: number }) {
  const { data, points } = useMemo(() => {
    const lo: (number | null)[] = [];
    const hi: (number | null)[] = [];
    for (const s of m.series) {
      const [l, h] = wilson(s.hr_7d, s.n_7d);
      lo.push(l);
      hi.push(h);
    }
    const hr = m.series.map((s) => s.hr_7d);
    return {
      data: [m.series.map((s) => dayX(s.date)), hr, lo, hi] as uPlot.AlignedData,
      points: hr.filter((x) => x !== null).length,
    };
  }, [m]);
  const options = useMemo(
    () => (): Omit<uPlot.Options, 'width' | 'height'> => ({
      legend: { show: false },
      // at least 40–70% (break-even and target always in view), widened to the band
      scales: {
        x: { time: true },
        y: {
          range: (_u, lo, hi) => [
            Math.max(0, Math.floor(Math.min(40, lo ?? 40) / 10) * 10),
            Math.min(100, Math.ceil(Math.max(70, hi ?? 70) / 10) * 10),
          ],
        },
      },
      axes: [dayAxis, { ...axisStyle, size: 40, values: (_u, v) => v.map((x) => `${x}%`) }],
      series: [
        {},
        { label: 'HR 7d', stroke: COLORS.main, width: 2, spanGaps: false },
        { label: 'low', stroke: 'transparent' },
        { label: 'high', stroke: 'transparent' },
      ],
      bands: [{ series: [3, 2], fill: COLORS.band }],
      hooks: {
        draw: [
          (u) => {
            hline(u, be, COLORS.be);
            hline(u, 58, COLORS.target);
          },
        ],
      },
    }),
    [be],
  );
  return (
    <Chart
      title={`${m.system_id} (${m.family})`}
      height={180}
      data={data}
      options={options}
      points={points}
      label={`Rolling 7-day hit rate of ${m.system_id}`}
    />
  );
}

/** Probabilities (0–1) or percentages: the chart works in percent either way. */
function toPct(bins: CalibrationBin[]): (v: number | null) => number | null {
  const vals = bins.flatMap((b) => [b.bin_high, b.mean_p, b.observed, b.ci_high]).filter((x) => x !== null);
  const scale = vals.every((x) => (x as number) <= 1) ? 100 : 1;
  return (v) => (v === null ? null : Math.round(v * scale * 10) / 10);
}

function CalibrationChart({ m }: { m: Model }) {
  const { data, bins, points, range } = useMemo(() => {
    const p = toPct(m.calibration);
    const bins = m.calibration
      .filter((b) => b.mean_p !== null && b.observed !== null)
      .map((b) => ({ x: p(b.mean_p)!, y: p(b.observed)!, lo: p(b.ci_low), hi: p(b.ci_high), n: b.n }))
      .sort((a, b) => a.x - b.x);
    // one range for both axes around the bins and whiskers, so the diagonal stays at 45°
    const vals = bins.flatMap((b) => [b.x, b.y, b.lo ?? b.y, b.hi ?? b.y]);
    const lo = Math.max(0, Math.floor((Math.min(...vals) - 2) / 10) * 10);
    const hi = Math.min(100, Math.ceil((Math.max(...vals) + 2) / 10) * 10);
    return {
      bins,
      range: [lo, hi] as [number, number],
      data: [bins.map((b) => b.x), bins.map((b) => b.y)] as uPlot.AlignedData,
      points: bins.length,
    };
  }, [m]);
  const options = useMemo(
    () => (): Omit<uPlot.Options, 'width' | 'height'> => ({
      legend: { show: false },
      scales: { x: { time: false, range }, y: { range } },
      axes: [
        {
          ...axisStyle,
          label: 'predicted probability (mean of bin)',
          values: (_u, v) => v.map((x) => `${x}%`),
        },
        { ...axisStyle, label: 'observed', size: 50, values: (_u, v) => v.map((x) => `${x}%`) },
      ],
      series: [
        {},
        {
          label: 'observed',
          stroke: COLORS.main,
          width: 0,
          paths: () => null,
          points: { show: true, size: 8, fill: COLORS.main },
        },
      ],
      hooks: {
        draw: [
          (u) => {
            const ctx = u.ctx;
            const r = devicePixelRatio;
            ctx.save();
            // the diagonal: perfect calibration
            ctx.strokeStyle = COLORS.muted;
            ctx.setLineDash([4 * r, 4 * r]);
            ctx.beginPath();
            ctx.moveTo(u.valToPos(range[0], 'x', true), u.valToPos(range[0], 'y', true));
            ctx.lineTo(u.valToPos(range[1], 'x', true), u.valToPos(range[1], 'y', true));
            ctx.stroke();
            // interval whiskers
            ctx.setLineDash([]);
            ctx.strokeStyle = COLORS.main;
            ctx.lineWidth = 1.5 * r;
            for (const b of bins) {
              if (b.lo === null || b.hi === null) continue;
              const x = u.valToPos(b.x, 'x', true);
              const y0 = u.valToPos(b.lo, 'y', true);
              const y1 = u.valToPos(b.hi, 'y', true);
              ctx.beginPath();
              ctx.moveTo(x, y0);
              ctx.lineTo(x, y1);
              ctx.moveTo(x - 4 * r, y0);
              ctx.lineTo(x + 4 * r, y0);
              ctx.moveTo(x - 4 * r, y1);
              ctx.lineTo(x + 4 * r, y1);
              ctx.stroke();
            }
            ctx.restore();
          },
        ],
      },
    }),
    [bins],
  );
  if (points === 0)
    return <p class="muted chart-empty">No graded probabilities for {m.system_id} in the last 30 days.</p>;
  return (
    <Chart
      title={`Calibration of ${m.system_id}, last 30 days (whiskers: 95% interval; dashed: perfect calibration)`}
      height={300}
      data={data}
      options={options}
      points={points}
    />
  );
}
