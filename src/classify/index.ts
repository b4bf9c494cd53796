import type { ReportKind } from '../reports/index.js';
import { comparisonForm } from '../lang/fold.js';
import { findCost } from '../lang/distance.js';
import type { Line } from '../model/index.js';

/** How far a phrase may be from the text to count as found (confusion-weighted cost per character). */
const FOUND = 0.2;

/**
 * The report kind a dispatch is: the kind with the most of its recognition phrases in the text,
 * near enough, among those that reach their minimum and print one of their distinctive phrases; null for a
 * dispatch of no known kind.
 */
export function classify(lines: Line[], kinds: ReportKind[]): { kind: ReportKind | null; found: number } {
  const form = comparisonForm(lines.map((l) => l.text).join(' '));
  let best: { kind: ReportKind | null; found: number } = { kind: null, found: 0 };
  for (const kind of kinds) {
    const { phrases, minimum, distinctive } = kind.recognition;
    const has = (p: string) => form.includes(p) || findCost(form, p).cost <= FOUND;
    const found = phrases.filter(has).length;
    // a distinctive phrase is short, and an OCR's slip in a common one comes near it ("thủ lục
    // hành chính" a character from "phụ lục"): it sets a kind apart only as printed
    if (found >= minimum && (distinctive.length === 0 || distinctive.some((p) => form.includes(p))) && found > best.found) best = { kind, found };
  }
  return best;
}
