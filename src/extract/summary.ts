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
 * A figure goes to the pattern it fits best; each field takes the first figure that fits it.
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

/**
 * How far the words may be from the pattern (confusion-weighted cost per character). Words on
 * both sides may be looser than words on one side only, and a side that fits well may carry a
 * side more garbled, as long as together they stay within twice the looser bound.
 */
const FIT_ONE = 0.12;
const FIT_BOTH = 0.3;
const FIT_WORST_SIDE = 0.45;

/** Figures in running text: "60.005", "5506", and one split by a stray space, "53.5 19"; not shares ("93%"). */
const FIGURE = /(?<![\p{L}\d/])(\d{1,3}(?:\.\s?\d\s?\d\s?\d(?!\d))+|\d+)(?![\d/]|[.,]?\d*\s*%)/gu;

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
    // a share between a label and its count ("trễ hạn là 7% là 5506 hồ sơ") is not part of the label
    const before = comparisonForm(text.slice(Math.max(0, m.index - 40), m.index).replace(/\d+(?:[.,]\d+)?\s*%/g, ''));
    const after = comparisonForm(text.slice(m.index + m[0].length, m.index + m[0].length + 30));
    let best: { field: SummaryField; misfit: number } | null = null;
    for (const pattern of PATTERNS) {
      if (summary[pattern.field] !== null) continue;
      const misfit = patternMisfit(pattern, before, after);
      if (misfit < 1 && (!best || misfit < best.misfit)) best = { field: pattern.field, misfit };
    }
    if (best) summary[best.field] = value;
  }
  return summary;
}

/** How badly the words around a figure fit a pattern, as a share of what is allowed: below 1 fits. */
function patternMisfit(pattern: (typeof PATTERNS)[number], before: string, after: string): number {
  const costBefore = pattern.before ? costAtEnd(before, pattern.before) : 0;
  const costAfter = pattern.after ? costAtStart(after, pattern.after) : 0;
  if (!pattern.before || !pattern.after) return (costBefore + costAfter) / FIT_ONE;
  if (Math.max(costBefore, costAfter) >= FIT_WORST_SIDE) return Infinity;
  return (costBefore + costAfter) / (2 * FIT_BOTH);
}

function costAtStart(text: string, words: string): number {
  return findCost(text.slice(0, words.length + 6), words).cost;
}

function costAtEnd(text: string, words: string): number {
  const tail = text.slice(-(words.length + 12));
  const found = findCost(tail, words);
  return found.end >= [...tail].length - 8 ? found.cost : Infinity;
}
