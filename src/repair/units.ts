import type { DocumentContext } from '../context.js';
import { unitDictionary, isAccepted, type UnitMatch } from '../lang/dictionary.js';
import type { Labelled } from '../model/index.js';

/**
 * Names the rows that have no unit yet. A unit appears once in a table, so rows are settled
 * most-confident first and a later row is ranked only among the units still free: a doubtful
 * name often becomes clear once its look-alikes are placed. A row that stays doubtful keeps no
 * unit; `reportUnnamed` says so once every way of naming rows has been tried.
 */
export function nameUnits(rows: Labelled[]): void {
  const dictionary = unitDictionary();
  const taken = placedUnits(rows);
  const rankings = new Map(rows.filter((r) => !r.match && r.label.trim() !== '').map((row) => [row, dictionary.rank(row.label)]));
  for (;;) {
    let next: { row: Labelled; best: UnitMatch } | undefined;
    for (const [row, ranking] of rankings) {
      const best = bestAmong(ranking, taken);
      if (best && isAccepted(best) && (!next || best.score + best.margin > next.best.score + next.best.margin)) next = { row, best };
    }
    if (!next) break;
    next.row.match = next.best;
    taken.add(next.best.unitId);
    rankings.delete(next.row);
  }
}

/** A warning for each row whose printed name settled on no unit, with the closest free one. */
export function reportUnnamed(kind: string, rows: Labelled[], context: DocumentContext): void {
  const dictionary = unitDictionary();
  const taken = placedUnits(rows);
  for (const row of rows) {
    if (row.match || row.label.trim() === '') continue;
    const best = bestAmong(dictionary.rank(row.label), taken);
    context.warn(
      'unit-unmatched',
      best
        ? `row ${row.no}: "${row.label}" is not clearly any unit (closest: ${best.name}, ${best.score.toFixed(2)})`
        : `row ${row.no}: "${row.label}" is not any known unit`,
      { table: kind, no: row.no, field: 'unit', line: row.line },
    );
  }
}

/** The units a table has placed, so displaced names are matched only among the others. */
export function placedUnits(rows: Labelled[]): Set<string> {
  return new Set(rows.flatMap((r) => (r.match ? [r.match.unitId] : [])));
}

/** The best of a ranking among the units not yet taken, its lead measured against those too. */
export function bestAmong(ranking: UnitMatch[], taken: ReadonlySet<string>): UnitMatch | undefined {
  const free = ranking.filter((m) => !taken.has(m.unitId));
  const [best, second] = free;
  return best && { ...best, margin: best.score - (second?.score ?? 0) };
}
