import { z } from 'zod';
import { LANG_DATA_DIR, readLangData } from './langData.js';

/**
 * Costs of the character substitutions an OCR model without Vietnamese makes. The counts come
 * from lang-data/confusions.json, built by lang-data/merge-confusions.ts from what Tesseract's
 * English model did to rendered Vietnamese text and figures (tesseract-eng.json) and from
 * hand-verified pairs read off a garbled dispatch. Costs are relative frequencies: a substitution
 * that is a good share of its garbled character's readings is cheap, one seen once in thousands
 * is nearly as dear as any other.
 */
const oneChar = z.string().refine((s) => [...s].length === 1, 'one character');
const count = z.number().int().positive();
const total = z.number().int().nonnegative();
const letterCounts = z.record(oneChar, z.record(z.string().regex(/^[a-z]$/), count));
const digitCounts = z.record(oneChar, z.record(z.string().regex(/^[0-9]$/), count));

const ConfusionTableSchema = z.object({
  $comment: z.union([z.string(), z.array(z.string())]).optional(),
  /** garbled character (comparison form) → true base letter → times seen */
  letters: letterCounts,
  /** garbled character → times it was read against a true letter, right readings included */
  letterTotals: z.record(oneChar, total),
  /** garbled character → digit → times seen */
  digits: digitCounts,
  /** character → times it stood in a digit's place, right readings included */
  digitTotals: z.record(oneChar, total),
  /** the hand-verified pairs alone (also counted above) */
  verified: z.object({ letters: letterCounts, digits: digitCounts }),
});

export type ConfusionTable = z.infer<typeof ConfusionTableSchema>;

let table: ConfusionTable | undefined;

export function confusionTable(): ConfusionTable {
  if (!table) {
    const parsed = ConfusionTableSchema.safeParse(readLangData<unknown>('confusions.json'));
    if (!parsed.success) throw new Error(`${LANG_DATA_DIR}/confusions.json is malformed: ${z.prettifyError(parsed.error)}`);
    table = parsed.data;
  }
  return table;
}

const VOWELS = new Set('aeiouy');

/** A substitution that is this share of its character's readings, or more, costs the least. */
const CHEAP_SHARE = 0.25;
const CHEAPEST = 0.2;
/**
 * Each tenfold fall in share adds this much: 25% → 0.2, 2.5% → 0.4, 0.25% → 0.6, 0.025% → 0.8.
 * The tail stays dear, so two unit names that differ in a letter the OCR rarely swaps stay apart.
 */
const COST_PER_DECADE = 0.2;
/**
 * A pair verified by hand in a real garbled dispatch costs at most what it did when the table
 * held nothing else (0.2 seen three times, else 0.35). Without this ceiling the English-model
 * measurement, where such a pair is a thin share of a common letter's readings (i for a, in
 * "tric" for "tác"), would price it near 1 and the Q3/2018 golden text would lose names.
 */
function verifiedCeiling(seen: string, truth: string): number {
  const n = confusionTable().verified.letters[seen]?.[truth] ?? 0;
  return n >= 3 ? 0.2 : n >= 1 ? 0.35 : 1;
}

let letterCosts: Record<string, Record<string, number>> | undefined;

/** The cost of every substitution the table has counts for, worked out once. */
function costsOfCounted(): Record<string, Record<string, number>> {
  if (letterCosts) return letterCosts;
  const t = confusionTable();
  letterCosts = {};
  for (const [seen, row] of Object.entries(t.letters)) {
    const costs: Record<string, number> = (letterCosts[seen] = {});
    for (const [truth, n] of Object.entries(row)) {
      const share = n / Math.max(n, t.letterTotals[seen] ?? 0);
      let cost = Math.min(1, CHEAPEST + COST_PER_DECADE * Math.max(0, Math.log10(CHEAP_SHARE / share)));
      cost = Math.min(cost, verifiedCeiling(seen, truth));
      if (VOWELS.has(seen) && VOWELS.has(truth)) cost = Math.min(cost, 0.6);
      costs[truth] = cost;
    }
  }
  return letterCosts;
}

/** Cost of reading garbled character `seen` where the true text has `truth` (both comparison form). */
export function substitutionCost(seen: string, truth: string): number {
  if (seen === truth) return 0;
  const counted = costsOfCounted()[seen]?.[truth];
  if (counted !== undefined) return counted;
  // A vowel read as another vowel is the commonest damage even where the data has no example.
  if (VOWELS.has(seen) && VOWELS.has(truth)) return 0.6;
  return 1;
}

/** One digit a character may stand for, and what reading it so costs. */
export interface DigitReading {
  digit: string;
  cost: number;
}

/** The cost of a reading the character nearly always means (a digit itself costs 0). */
const FIRST_READING_COST = 0.5;
/**
 * Each halving of a reading's share of the times its character stood in a digit's place adds
 * this much: a character that meant the digit half the time costs 1.
 */
const COST_PER_HALVING = 0.5;
/**
 * A reading dearer than this is not offered: it would cost more than leaving the cell
 * unreadable does (1, in repair/cells.ts), so it could only ever win by the table's constraints
 * forcing a letter into a number. This is what keeps T (for 1 in two readings of five in the
 * harsh measurement, and in a dispatch the "TT" row-number heading) and a (for 4, 8, 1 …) out.
 */
const DEAREST_READING = 1;

const readingCache = new Map<string, DigitReading[]>();

/**
 * Digits a character may stand for in a number, cheapest first: a digit is itself at cost 0; a
 * stand-in's readings are priced by their share of the times the character stood in a digit's
 * place (digitTotals): one that meant the digit every time costs 0.5; S, which meant 5 in three
 * readings of five under the harsh table measurements (the rest spread over other digits),
 * about 0.9. A pair verified by hand in a real garbled dispatch costs FIRST_READING_COST at
 * most, as it always did.
 */
export function digitReadingCosts(ch: string): DigitReading[] {
  if (/^[0-9]$/.test(ch)) return [{ digit: ch, cost: 0 }];
  let readings = readingCache.get(ch);
  if (!readings) {
    const t = confusionTable();
    const seen = t.digits[ch] ?? {};
    const entries = Object.entries(seen);
    const total = Math.max(t.digitTotals[ch] ?? 0, entries.reduce((sum, [, c]) => sum + c, 0));
    readings = entries
      .map(([digit, c]) => {
        let cost = FIRST_READING_COST + COST_PER_HALVING * Math.log2(total / c);
        if (t.verified.digits[ch]?.[digit]) cost = Math.min(cost, FIRST_READING_COST);
        return { digit, cost, c };
      })
      .filter((r) => r.cost <= DEAREST_READING + 1e-9)
      .sort((a, b) => a.cost - b.cost || b.c - a.c || (a.digit < b.digit ? -1 : 1))
      .map(({ digit, cost }) => ({ digit, cost }));
    readingCache.set(ch, readings);
  }
  return readings;
}

/** Digits a garbled character may stand for in a number, with the digit itself first. */
export function digitReadings(ch: string): string[] {
  return digitReadingCosts(ch).map((r) => r.digit);
}
