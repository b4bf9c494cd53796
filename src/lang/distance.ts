import { substitutionCost } from './confusions.js';

/** Inserting or deleting a space costs little: OCR splits and joins words freely. */
function gapCost(ch: string): number {
  return ch === ' ' ? 0.25 : 1;
}

/** Confusion-weighted edit distance between a garbled string and a clean one (comparison forms). */
export function weightedDistance(seen: string, truth: string): number {
  const a = [...seen];
  const b = [...truth];
  let prev = new Float64Array(b.length + 1);
  let curr = new Float64Array(b.length + 1);
  for (let j = 1; j <= b.length; j++) prev[j] = prev[j - 1]! + gapCost(b[j - 1]!);
  for (let i = 1; i <= a.length; i++) {
    curr[0] = prev[0]! + gapCost(a[i - 1]!);
    for (let j = 1; j <= b.length; j++) {
      curr[j] = Math.min(
        prev[j - 1]! + substitutionCost(a[i - 1]!, b[j - 1]!),
        prev[j]! + gapCost(a[i - 1]!),
        curr[j - 1]! + gapCost(b[j - 1]!),
      );
    }
    [prev, curr] = [curr, prev];
  }
  return prev[b.length]!;
}

/** Similarities of short strings (words), which the name rankings ask for over and over. */
const WORD_CACHE = 200_000;
const wordSimilarities = new Map<string, number>();

/** 1 for identical strings, falling towards 0 as the weighted distance grows. */
export function similarity(seen: string, truth: string): number {
  if (seen.length > 12 || truth.length > 12) return computeSimilarity(seen, truth);
  const key = `${seen}\u0000${truth}`;
  let known = wordSimilarities.get(key);
  if (known === undefined) {
    if (wordSimilarities.size >= WORD_CACHE) wordSimilarities.clear();
    wordSimilarities.set(key, (known = computeSimilarity(seen, truth)));
  }
  return known;
}

function computeSimilarity(seen: string, truth: string): number {
  const longest = Math.max([...seen].length, [...truth].length);
  if (longest === 0) return 1;
  return Math.max(0, 1 - weightedDistance(seen, truth) / longest);
}

/**
 * Best cost of finding `needle` anywhere inside `haystack` (semi-global alignment), divided by
 * the needle's length: 0 is an exact occurrence. Used to spot keywords in garbled lines.
 */
export function findCost(haystack: string, needle: string): { cost: number; end: number } {
  const a = [...haystack];
  const b = [...needle];
  if (b.length === 0) return { cost: 0, end: 0 };
  // column over the needle, one per haystack position; starting anywhere is free
  let prev = new Float64Array(b.length + 1);
  let curr = new Float64Array(b.length + 1);
  for (let j = 1; j <= b.length; j++) prev[j] = prev[j - 1]! + gapCost(b[j - 1]!);
  let best = prev[b.length]!;
  let end = 0;
  for (let i = 1; i <= a.length; i++) {
    curr[0] = 0;
    for (let j = 1; j <= b.length; j++) {
      curr[j] = Math.min(
        prev[j - 1]! + substitutionCost(a[i - 1]!, b[j - 1]!),
        prev[j]! + gapCost(a[i - 1]!),
        curr[j - 1]! + gapCost(b[j - 1]!),
      );
    }
    if (curr[b.length]! < best) {
      best = curr[b.length]!;
      end = i;
    }
    [prev, curr] = [curr, prev];
  }
  return { cost: best / b.length, end };
}
