import type { App } from './app.ts';
import { publishAfter } from './publish.ts';

export type Republished = { files: number; run_id: string | null } | { error: string };

/**
 * The re-export after a phase changed what readers see (spec 07 §1 "When files are written").
 * It is its own `publish` run: a failure is recorded there and returned, never thrown, so the
 * phase's own result (already committed) still reaches the caller.
 */
export async function republish(
  app: App,
  date: string,
  reason: 'bestbets' | 'grade' | 'models',
): Promise<Republished> {
  try {
    const r = await publishAfter(app, { date, reason });
    return { files: r.files.length, run_id: r.run_id ?? null };
  } catch (e) {
    app.log.warn({ date, reason, err: (e as Error).message }, 'publish after the phase failed');
    return { error: (e as Error).message };
  }
}
