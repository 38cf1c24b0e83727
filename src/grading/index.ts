/**
 * Public API of src/grading for the use cases (src/orchestrate) and other phases: grading a
 * date, the reports, the summaries. Everything else in src/grading is internal.
 */
export { type AlertSinkOptions, writeAlerts } from './alerts.ts';
export type { AlertDraft } from './decay.ts';
export { type ReportKind, type ReportQuery, runReport } from './report-run.ts';
export type { RoiReport } from './reports.ts';
export {
  addSummary,
  type DateGradeCounts,
  emptySummary,
  type GradeOptions,
  type GradeSummary,
  gradeDateInto,
} from './run.ts';
