import type { Line } from '../normalise/index.js';
import { comparisonForm } from '../lang/fold.js';
import { findCost } from '../lang/distance.js';

export type SummaryField =
  | 'documentsTotal'
  | 'documentsSent'
  | 'documentsReceived'
  | 'dossiersReceived'
  | 'dossiersResolved'
  | 'dossiersOnTime'
  | 'dossiersLate'
  | 'level3Dossiers';

export type Summary = Record<SummaryField, number | null>;

/**
 * How the body words each headline figure: the words just before it and just after it.
 * The first pattern that fits a figure claims it.
 */
const PATTERNS: Array<{ field: SummaryField; before?: string; after?: string }> = [
  { field: 'level3Dossiers', after: 'ho so nop' },
  { field: 'documentsSent', before: 'gui lien thong', after: 'van ban' },
  { field: 'documentsReceived', before: 'xu ly lien thong', after: 'van ban' },
  { field: 'documentsTotal', before: 'gui nhan', after: 'van ban' },
  { field: 'dossiersOnTime', after: 'ho so dung han' },
  { field: 'dossiersLate', after: 'ho so tre han' },
  { field: 'dossiersLate', before: 'tre han', after: 'ho so' },
  { field: 'dossiersReceived', before: 'tiep nhan', after: 'ho so' },
  { field: 'dossiersResolved', before: 'giai quyet', after: 'ho so' },
];

/** Words on both sides may be looser than words on one side only. */
const FIT_BOTH = 0.3;
const FIT_ONE = 0.12;

/** Figures in running text: "60.005", "5506", and one split by a stray space, "53.5 19". */
const FIGURE = /(?<![\p{L}\d/])(\d{1,3}(?:\.\s?\d\s?\d\s?\d(?!\d))+|\d+)(?![\d/])/gu;

export function readSummary(body: Line[]): Summary {
  const summary: Summary = {
    documentsTotal: null,
    documentsSent: null,
    documentsReceived: null,
    dossiersReceived: null,
    dossiersResolved: null,
    dossiersOnTime: null,
    dossiersLate: null,
    level3Dossiers: null,
  };
  const text = body.map((l) => l.text).join(' ');
  for (const m of text.matchAll(FIGURE)) {
    const value = Number(m[1]!.replace(/[.\s]/g, ''));
    const before = comparisonForm(text.slice(Math.max(0, m.index - 40), m.index));
    const after = comparisonForm(text.slice(m.index + m[0].length, m.index + m[0].length + 30));
    for (const pattern of PATTERNS) {
      if (summary[pattern.field] !== null) continue;
      const fit = pattern.before && pattern.after ? FIT_BOTH : FIT_ONE;
      const fitsBefore = !pattern.before || nearEnd(before, pattern.before, fit);
      const fitsAfter = !pattern.after || nearStart(after, pattern.after, fit);
      if (fitsBefore && fitsAfter) {
        summary[pattern.field] = value;
        break;
      }
    }
  }
  return summary;
}

function nearStart(text: string, words: string, fit: number): boolean {
  return findCost(text.slice(0, words.length + 6), words).cost < fit;
}

function nearEnd(text: string, words: string, fit: number): boolean {
  const tail = text.slice(-(words.length + 12));
  const found = findCost(tail, words);
  return found.cost < fit && found.end >= [...tail].length - 8;
}
