// One uPlot wrapper: the chart fills its container's width (redrawn on resize) and keeps a
// reserved height, so the page does not jump when it appears. `points` is written to
// data-points for the browser tests (a canvas cannot be asked how many points it drew).
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartProps {
  title: string;
  height: number;
  data: uPlot.AlignedData;
  options: (width: number) => Omit<uPlot.Options, 'width' | 'height'>;
  points: number;
  label?: string;
}

export function Chart({ title, height, data, options, points, label }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current!;
    const width = () => Math.max(240, Math.floor(el.clientWidth));
    let plot = new uPlot({ ...options(width()), width: width(), height }, data, el);
    let last = width();
    const ro = new ResizeObserver(() => {
      const w = width();
      if (w === last) return;
      last = w;
      plot.setSize({ width: w, height });
    });
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.destroy();
      plot = null as unknown as uPlot;
    };
  }, [data, options, height]);
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <div
        ref={box}
        class="chart-box"
        style={{ minHeight: `${height}px` }}
        data-points={points}
        role="img"
        aria-label={label ?? title}
      />
    </figure>
  );
}

/** Days "YYYY-MM-DD" as uPlot x values (seconds, noon UTC so a day never crosses a zone edge). */
export const dayX = (date: string): number => Date.parse(`${date}T12:00:00Z`) / 1000;

export const COLORS = {
  main: '#1d5fbf',
  band: 'rgba(29, 95, 191, 0.15)',
  be: '#b3261e',
  target: '#2e7d32',
  over: '#2e7d32',
  under: '#b3261e',
  grid: '#e3e6ea',
  muted: '#6b7280',
};

/** A day axis: one label per tick as "Nov 12" (uPlot's default shows 12am/12pm on short spans). */
export const dayAxis = {
  stroke: '#6b7280',
  grid: { stroke: '#e3e6ea', width: 1 },
  ticks: { show: false },
  space: 60,
  incrs: [86400, 2 * 86400, 7 * 86400, 14 * 86400, 28 * 86400],
  values: (_u: uPlot, vals: number[]) =>
    vals.map((v) =>
      new Date(v * 1000).toLocaleDateString('en-US', { timeZone: 'UTC', month: 'short', day: 'numeric' }),
    ),
};

export const axisStyle = {
  stroke: COLORS.muted,
  grid: { stroke: COLORS.grid, width: 1 },
  ticks: { show: false },
};

/** A horizontal reference line across the plot (break-even, target, zero). */
export function hline(u: uPlot, y: number, color: string, dash: number[] = [6, 4]) {
  const ctx = u.ctx;
  const py = u.valToPos(y, 'y', true);
  if (!Number.isFinite(py)) return;
  ctx.save();
  ctx.strokeStyle = color;
  ctx.lineWidth = 1.5 * devicePixelRatio;
  ctx.setLineDash(dash.map((d) => d * devicePixelRatio));
  ctx.beginPath();
  ctx.moveTo(u.bbox.left, py);
  ctx.lineTo(u.bbox.left + u.bbox.width, py);
  ctx.stroke();
  ctx.restore();
}
