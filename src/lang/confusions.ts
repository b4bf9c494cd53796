import { readLangData } from './langData.js';

/**
 * Costs of the character substitutions an OCR model without Vietnamese makes, built by
 * lang-data/build.ts from word pairs read off a garbled dispatch. A substitution seen in that
 * data costs little; any other costs 1.
 */
export interface ConfusionTable {
  /** garbled character → correct base letter (comparison form) → times seen */
  letters: Record<string, Record<string, number>>;
  /** garbled character → digit → times seen */
  digits: Record<string, Record<string, number>>;
}

let table: ConfusionTable | undefined;

export function confusionTable(): ConfusionTable {
  table ??= readLangData<ConfusionTable>('confusions.json');
  return table;
}

const VOWELS = new Set('aeiouy');

/** Cost of reading garbled character `seen` where the true text has `truth` (both comparison form). */
export function substitutionCost(seen: string, truth: string): number {
  if (seen === truth) return 0;
  const count = confusionTable().letters[seen]?.[truth] ?? 0;
  if (count >= 3) return 0.2;
  if (count >= 1) return 0.35;
  // A vowel read as another vowel is the commonest damage even where the data has no example.
  if (VOWELS.has(seen) && VOWELS.has(truth)) return 0.6;
  return 1;
}

/** Digits a garbled character may stand for in a number, with the digit itself first. */
export function digitReadings(ch: string): string[] {
  if (/[0-9]/.test(ch)) return [ch];
  const seen = confusionTable().digits[ch];
  if (!seen) return [];
  return Object.entries(seen)
    .sort((a, b) => b[1] - a[1])
    .map(([digit]) => digit);
}
