import { type ReportKind, runReport } from '../grading/index.ts';
import type { App } from './app.ts';

export const REPORT_KINDS: readonly ReportKind[] = ['calibration', 'roi', 'clv'];
export type { ReportKind };

/** `courtedge report KIND` / GET /api/admin/reports/:kind (spec 06 §7). */
export function report(
  app: App,
  kind: ReportKind,
  q: { from: string; to: string; model?: string | null; minEdge?: number },
) {
  return runReport(
    app.store,
    kind,
    { from: q.from, to: q.to, model: q.model ?? null, minEdge: q.minEdge },
    app.config,
  );
}
