/**
 * Builds confusions.json, the character-confusion table the program reads, from its two sources:
 *   tesseract-eng.json                    the substitutions Tesseract's English model makes on
 *                                         rendered Vietnamese text and figures, counted by
 *                                         build-confusions.ts (`npm run lang-data:confusions`)
 *   confusion-pairs.tsv, digit-pairs.tsv  word and number pairs read off the garbled Q3/2018
 *                                         dispatch and checked by hand
 * Both build.ts (`npm run lang-data`) and build-confusions.ts end by calling `writeConfusions`,
 * so the committed confusions.json is always the same function of the committed sources: it can
 * be rebuilt without Tesseract.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { comparisonForm } from '../src/lang/fold.js';

const here = dirname(fileURLToPath(import.meta.url));

export type Counts = Record<string, Record<string, number>>;
export type Totals = Record<string, number>;

/** What build-confusions.ts measures and writes to tesseract-eng.json. */
export interface Measured {
  $comment: string;
  corpus: Record<string, unknown>;
  /** garbled character (comparison form) → true base letter → times seen; identity readings left out */
  letters: Counts;
  /** garbled character → times it was aligned with a true letter (itself included) */
  letterTotals: Totals;
  /** garbled character (raw) → digit it stood for → times seen; digits read as digits left out */
  digits: Counts;
  /** character → times it was aligned with a true digit (digits read right included) */
  digitTotals: Totals;
  /** the condition sets measured, each with its corpus and counts; the counts above are their sum */
  sets?: Record<string, { corpus: Record<string, unknown>; letters: Counts; letterTotals: Totals; digits: Counts; digitTotals: Totals }>;
}

/**
 * A letter substitution is kept when seen at least this often: once in a corpus this size is an
 * accident of alignment as often as a habit of the model. Hand-verified pairs are always kept.
 */
const MIN_LETTER_COUNT = 2;
/**
 * A character stands for a digit when Tesseract put it for that digit at least MIN_DIGIT_COUNT
 * times, and more often than chance allows if it were noise. Relative to how often the character
 * stood in a digit's place at all: in the harsh set (blurred, thresholded, speckled tables) a
 * misread blob becomes some character, and which digit it was is then spread over all ten, so
 * noise puts a character on a given digit about a tenth of its readings; a habit (S for 5, B for
 * 8) piles up on one or two. A stand-in is kept when a count as high as its own would come from
 * an even spread (binomial, p = 1/10, over the character's readings in a digit's place) with
 * probability below DIGIT_SIGNIFICANCE divided by the number of pairs tested (Bonferroni: 5%
 * over the whole table, not per pair). Below that it is noise, and every stand-in more makes
 * more words look like numbers.
 */
const MIN_DIGIT_COUNT = 3;
const EVEN_SPREAD = 0.1;
const DIGIT_SIGNIFICANCE = 0.05;

/** P(X ≥ n) for X ~ Binomial(total, p), summed in log space (totals run to the thousands). */
export function binomialTail(n: number, total: number, p: number): number {
  if (n <= 0) return 1;
  if (n > total) return 0;
  const lp = Math.log(p);
  const lq = Math.log(1 - p);
  let logPmf = total * lq; // k = 0
  const logs: number[] = [];
  for (let k = 0; k < total; k++) {
    if (k >= n) logs.push(logPmf);
    logPmf += Math.log((total - k) / (k + 1)) + lp - lq;
  }
  logs.push(logPmf); // k = total
  const top = Math.max(...logs);
  return Math.min(1, Math.exp(top) * logs.reduce((sum, l) => sum + Math.exp(l - top), 0));
}
/** Characters with a part of their own in a printed number (separators, the percent sign, spaces): never stand-ins. */
const NUMBER_MARKS = /^[\s.,%/'’]$/u;

export const MEASURED_FILE = 'tesseract-eng.json';

function readPairs(file: string): Array<[string, string]> {
  return readFileSync(join(here, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line) => {
      const [seen, truth] = line.split('\t');
      if (!seen || !truth) throw new Error(`${file}: bad line "${line}"`);
      return [seen, truth];
    });
}

/** One step of an edit-distance alignment: a pair, or a character against nothing. */
export type Step = [string | null, string | null];

/**
 * Character alignment by plain edit distance (Levenshtein), substitutions preferred on ties, as
 * a reading of a glyph for a glyph is the commonest OCR error.
 */
export function align(seen: string[], truth: string[]): Step[] {
  const n = seen.length;
  const m = truth.length;
  const w = m + 1;
  const d = new Uint32Array((n + 1) * w);
  for (let j = 0; j <= m; j++) d[j] = j;
  for (let i = 1; i <= n; i++) {
    d[i * w] = i;
    for (let j = 1; j <= m; j++) {
      const diagonal = d[(i - 1) * w + j - 1]! + (seen[i - 1] === truth[j - 1] ? 0 : 1);
      d[i * w + j] = Math.min(diagonal, d[(i - 1) * w + j]! + 1, d[i * w + j - 1]! + 1);
    }
  }
  const steps: Step[] = [];
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    if (i > 0 && j > 0 && d[i * w + j] === d[(i - 1) * w + j - 1]! + (seen[i - 1] === truth[j - 1] ? 0 : 1)) {
      steps.push([seen[i - 1]!, truth[j - 1]!]);
      i--;
      j--;
    } else if (i > 0 && d[i * w + j] === d[(i - 1) * w + j]! + 1) {
      steps.push([seen[i - 1]!, null]);
      i--;
    } else {
      steps.push([null, truth[j - 1]!]);
      j--;
    }
  }
  return steps.reverse();
}

export function add(table: Counts, seen: string, truth: string, n = 1): void {
  const row = (table[seen] ??= {});
  row[truth] = (row[truth] ?? 0) + n;
}

/** Keys sorted, each row's readings by count (then by character), so the file diffs cleanly. */
export function sortedCounts(table: Counts): Counts {
  const out: Counts = {};
  for (const seen of Object.keys(table).sort()) {
    const row = Object.entries(table[seen]!).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    if (row.length) out[seen] = Object.fromEntries(row);
  }
  return out;
}

export function sortedTotals(totals: Totals): Totals {
  return Object.fromEntries(Object.keys(totals).sort().map((k) => [k, totals[k]!]));
}

/** The hand-verified pairs, aligned character by character, as build.ts always counted them. */
function verifiedCounts(): { letters: Counts; digits: Counts } {
  const letters: Counts = {};
  for (const [seen, truth] of readPairs('confusion-pairs.tsv')) {
    // The garbled side keeps its digits and symbols: those are what the OCR put there.
    const garbled = seen.toLowerCase().replace(/['’]/g, '');
    for (const [s, t] of align([...garbled], [...comparisonForm(truth)])) if (s && t && s !== t) add(letters, s, t);
  }
  const digits: Counts = {};
  for (const [seen, truth] of readPairs('digit-pairs.tsv')) {
    for (const [s, t] of align([...seen.replace(/\s+/g, '')], [...truth])) {
      if (s && t && /[0-9]/.test(t) && !/[0-9]/.test(s)) add(digits, s, t);
    }
  }
  return { letters, digits };
}

export function writeConfusions(): string {
  const verified = verifiedCounts();
  const measuredPath = join(here, MEASURED_FILE);
  const measured: Measured | null = existsSync(measuredPath) ? (JSON.parse(readFileSync(measuredPath, 'utf8')) as Measured) : null;

  const letters: Counts = {};
  const letterTotals: Totals = {};
  const digits: Counts = {};
  const digitTotals: Totals = {};
  if (measured) {
    for (const [seen, row] of Object.entries(measured.letters))
      for (const [truth, n] of Object.entries(row)) if (n >= MIN_LETTER_COUNT) add(letters, seen, truth, n);
    Object.assign(letterTotals, measured.letterTotals);
    const tested = Object.entries(measured.digits).filter(([seen]) => !NUMBER_MARKS.test(seen));
    const pairs = tested.reduce((k, [, row]) => k + Object.keys(row).length, 0);
    for (const [seen, row] of tested) {
      const total = Math.max(measured.digitTotals[seen] ?? 0, ...Object.values(row));
      for (const [digit, n] of Object.entries(row))
        if (n >= MIN_DIGIT_COUNT && binomialTail(n, total, EVEN_SPREAD) < DIGIT_SIGNIFICANCE / pairs) add(digits, seen, digit, n);
    }
    for (const seen of Object.keys(digits)) digitTotals[seen] = measured.digitTotals[seen] ?? 0;
  }
  // Hand-verified pairs add to the counts and to the totals (the word lists hold only the
  // misread words, so each pair is one more reading of its character).
  for (const [kind, counts, totals] of [
    ['letters', letters, letterTotals],
    ['digits', digits, digitTotals],
  ] as const)
    for (const [seen, row] of Object.entries(verified[kind]))
      for (const [truth, n] of Object.entries(row)) {
        add(counts, seen, truth, n);
        totals[seen] = (totals[seen] ?? 0) + n;
      }

  const table = {
    $comment: [
      'Built by lang-data/merge-confusions.ts (npm run lang-data, or npm run lang-data:confusions to measure anew); do not edit by hand.',
      'letters: garbled character (comparison form) → true base letter → count; letterTotals: times the garbled character was read against a true letter, right readings included.',
      'digits: character → digit it stood for → count; digitTotals: times the character stood in a digit’s place, right readings included.',
      'verified: the hand-checked pairs of confusion-pairs.tsv and digit-pairs.tsv alone (also counted in letters and digits).',
      `Thresholds: a measured letter substitution seen at least ${MIN_LETTER_COUNT} times; a measured digit stand-in at least ${MIN_DIGIT_COUNT} times and beyond an even spread of its character’s readings in a digit’s place over the ten digits (binomial p = ${EVEN_SPREAD}, tail below ${DIGIT_SIGNIFICANCE} ÷ the number of character–digit pairs measured), never a separator, percent sign or space.`,
      measured ? `Measured: ${measured.$comment}` : 'No measured table (tesseract-eng.json) was present: hand-verified pairs only.',
    ],
    letters: sortedCounts(letters),
    letterTotals: sortedTotals(letterTotals),
    digits: sortedCounts(digits),
    digitTotals: sortedTotals(digitTotals),
    verified: { letters: sortedCounts(verified.letters), digits: sortedCounts(verified.digits) },
  };
  writeFileSync(join(here, 'confusions.json'), JSON.stringify(table, null, 2) + '\n');
  return `confusions.json: ${Object.keys(table.letters).length} garbled letters, ${Object.keys(table.digits).length} digit stand-ins${measured ? '' : ' (hand-verified only)'}`;
}
