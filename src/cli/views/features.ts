import type { explainFeatures, FeatureSummary } from '../../orchestrate/features.ts';

/** Human views of `courtedge features` (the --json lines print the same objects). */

type Explained = Awaited<ReturnType<typeof explainFeatures>>;

export function printExplained(rows: Explained): void {
  for (const r of rows) {
    console.log(
      `${r.game_id} player ${r.player_id} (${r.team} vs ${r.opponent}) cutoff ${r.cutoff_at} line ${r.line_at_cutoff ?? '-'}`,
    );
    for (const [s, q] of Object.entries(r.quality))
      console.log(
        `  ${s}: quality ${q.score}${q.ready ? ' ready' : ''}${q.reason ? ` ${q.reason}` : ''}${q.missing_required.length ? ` missing ${q.missing_required.join(',')}` : ''}`,
      );
    for (const f of r.features) {
      const v = f.value === null ? 'NULL' : Number.isInteger(f.value) ? String(f.value) : f.value.toFixed(4);
      console.log(
        `  ${String(f.index).padStart(2)} ${f.name.padEnd(32)} ${v.padStart(10)}  ${f.source.padEnd(10)}${f.inputs ? `  ${f.inputs}` : ''}`,
      );
    }
  }
}

/** The summary of a features build. */
export function printBuild(from: string, to: string, s: FeatureSummary): void {
  console.log(
    `features ${from}${to !== from ? `…${to}` : ''} (${s.cutoff_kind}): ${s.player_games} player-games, ${s.rows} rows, ${s.quality_ready} quality-ready in ${s.seconds}s`,
  );
  for (const [k, v] of Object.entries(s.by_set))
    console.log(
      `  ${k}: ${v.rows} rows, ${v.ready} ready (${v.rows ? ((100 * v.ready) / v.rows).toFixed(1) : '0.0'}%)`,
    );
  for (const [k, v] of Object.entries(s.blocked_by_reason)) console.log(`  blocked ${k}: ${v}`);
}
