/** A step of long work: what runs now, and how far along (dates done of total). */
export interface ProgressStep {
  phase: string;
  date: string;
  done: number;
  total: number;
  /** Dates per second so far, and the time left at that rate. */
  rate: number;
  eta_s: number | null;
}

/**
 * A bar on a terminal (redrawn in place), plain lines otherwise (spec 08 "progress bar"):
 * dates done, rate and ETA, for backfill and backtest alike.
 */
export function progressPrinter(label: string, tty: boolean): (p: ProgressStep) => void {
  let last = '';
  return (p) => {
    const eta = p.eta_s == null ? '…' : `${p.eta_s} s`;
    if (!tty) {
      const l = `${label} ${p.phase} ${p.date}: ${p.done}/${p.total} dates, ${p.rate}/s, ETA ${eta}`;
      if (l !== last) process.stderr.write(`${l}\n`);
      last = l;
      return;
    }
    const w = 24;
    const fill = Math.round((w * Math.min(p.done, p.total)) / Math.max(1, p.total));
    process.stderr.write(
      `\r[${'#'.repeat(fill)}${'-'.repeat(w - fill)}] ${p.done}/${p.total} dates · ${p.phase} ${p.date} · ${p.rate} dates/s · ETA ${eta}   `,
    );
  };
}
