import type { ImportSummary, KindSummary } from '../../orchestrate/ingest.ts';

/** Human views of `courtedge import` (the --json line prints the same summary). */

export function line(label: string, s: KindSummary): string {
  return `${label.padEnd(38)} read ${s.read}  inserted ${s.inserted}  updated ${s.updated}  unchanged ${s.unchanged}  rejected ${s.rejected}  skipped ${s.skipped}`;
}

export function printHuman(s: ImportSummary): void {
  const kinds = s.by_kind ? Object.entries(s.by_kind) : [[s.kind, s] as const];
  for (const [k, v] of kinds) {
    if (!v) continue;
    console.log(line(`files:${k} (${v.files} file${v.files === 1 ? '' : 's'})`, v));
    const reasons = Object.entries(v.rejected_by_reason);
    if (reasons.length) console.log(`  rejected: ${reasons.map(([r, n]) => `${r} ${n}`).join(' · ')}`);
  }
  if (s.by_kind) console.log(line('total', s));
  if (s.identity) {
    const i = s.identity;
    console.log(
      `identity player_points: lookup ${i.lookup} · suffix ${i.suffix} · alias ${i.alias} · unresolved ${i.unresolved} (${i.unresolved_names} names)`,
    );
    console.log(
      `  match_rate_all ${s.player_points_match_rate_all?.toFixed(1)}%  match_rate_covered ${s.player_points_match_rate_covered?.toFixed(1)}%`,
    );
    if (s.unresolved_names.length) {
      console.log(
        `  unresolved: ${s.unresolved_names.map((u) => `${u.name} ${u.count} (${u.suggestion ? `maybe ${u.suggestion}` : 'no candidate'})`).join(' · ')}`,
      );
    }
  }
  if (s.re_resolved) console.log(`re-resolved ${s.re_resolved} earlier rejects`);
  for (const f of s.changed_files) console.log(`changed since last import: ${f}`);
  for (const f of s.invalid_files) console.log(`refused: ${f.file}: ${f.error}`);
  if (s.dry_run) console.log(`dry run: ${s.warnings.dry_run_valid ?? 0} rows parsed and valid so far`);
  console.log(
    `${s.dry_run ? 'dry run (nothing written); ' : ''}${s.seconds}s${s.run_id ? ` · run ${s.run_id}` : ''}`,
  );
}
