import { type ReportKind, runReport } from '../grading/index.ts';
import { type App, UsageError } from './app.ts';

export const REPORT_KINDS: readonly ReportKind[] = ['calibration', 'roi', 'clv'];
export type { RoiReport } from '../grading/index.ts';
export type { ReportKind };

/**
 * `courtedge report KIND` / GET /api/admin/reports/:kind (spec 06 §7). A reversed range or a
 * model the store does not hold is refused (an empty report would read as "nothing graded").
 */
export async function report(
  app: App,
  kind: ReportKind,
  q: { from: string; to: string; model?: string | null; minEdge?: number },
) {
  if (q.from > q.to) throw new UsageError(`--from ${q.from} is after --to ${q.to}`, 2);
  if (q.model) {
    const [hit] = await app.store.query<{ n: number }>(
      'SELECT COUNT(*)::INTEGER AS n FROM models WHERE system_id = $1',
      [q.model],
    );
    if (!Number(hit?.n))
      throw new UsageError(
        `unknown model ${JSON.stringify(q.model)}: \`courtedge models list\` shows the trained ones`,
        1,
      );
  }
  return runReport(
    app.store,
    kind,
    { from: q.from, to: q.to, model: q.model ?? null, minEdge: q.minEdge },
    app.config,
  );
}
