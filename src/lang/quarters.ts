import { substitutionCost } from './confusions.js';

/** A quarter as dispatches write it, in Roman numerals or in figures ("Quý III/2018", "quý 3/2018"), lower case. */
export const QUARTERS: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4, '1': 1, '2': 2, '3': 3, '4': 4 };

/** A stand-in for I costs no more than this among the OCR's measured confusions ("1" for I: 69 of 86 readings). */
const STAND_IN = 0.4;

/**
 * A quarter's Roman numeral as written, from one an OCR misread with a stand-in for an I
 * ("1II" for III); null where the reading is a quarter already (a figure is one too) or its
 * characters make none.
 */
export function quarterNumeral(read: string): string | null {
  if (QUARTERS[read.toLowerCase()] !== undefined) return null;
  const numeral = [...read].map((c) => (c === 'V' ? 'V' : c === 'I' || substitutionCost(c.toLowerCase(), 'i') <= STAND_IN ? 'I' : '?')).join('');
  return QUARTERS[numeral.toLowerCase()] !== undefined ? numeral : null;
}
