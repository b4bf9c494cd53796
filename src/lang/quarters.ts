import { substitutionCost } from './confusions.js';

/** A quarter as dispatches write it, in Roman numerals or in figures ("Quý III/2018", "quý 3/2018"), lower case. */
export const QUARTERS: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4, '1': 1, '2': 2, '3': 3, '4': 4 };

/** A quarter's phrase with what may stand between the quarter and its year. */
const quarterPhrase = (beforeYear: string) => new RegExp(String.raw`\b(q[uư]\S{0,2})(\s+)([^\s/]{1,4})(${beforeYear})(\S{4})`, 'giu');

/**
 * "Quý III/2018" and its readings: the word that may be "quý" (an OCR's "Qu!", marks stripped),
 * the space after it, the quarter as read, and its year as read (digits an OCR may have garbled).
 */
export const QUARTER_PHRASE = quarterPhrase(String.raw`\s*\/\s*`);

/** The same, or the quarter and "năm" before its year ("quý III năm 2022"), as running text writes it too. */
const QUARTER_IN_WORDS = quarterPhrase(String.raw`\s*\/\s*|\s+n[aăâ]m\s+`);

/** A quarter and its year as one token ("III/2018"), which reads as a figure beside its words. */
export const isQuarter = (token: string): boolean => /^[^\s/]{1,4}\/\d{4}$/.test(token) && QUARTERS[token.slice(0, token.indexOf('/')).toLowerCase()] !== undefined;

/** A stand-in for I costs no more than this among the OCR's measured confusions ("1" for I: 69 of 86 readings). */
const STAND_IN = 0.4;

/**
 * A quarter as written, from an OCR's reading of it: a Roman numeral with a stand-in for an I
 * ("1II" for III) given back; null where its characters make no quarter.
 */
function quarterNumeral(read: string): string | null {
  if (QUARTERS[read.toLowerCase()] !== undefined) return read;
  const numeral = [...read].map((c) => (c === 'V' ? 'V' : c === 'I' || substitutionCost(c.toLowerCase(), 'i') <= STAND_IN ? 'I' : '?')).join('');
  return QUARTERS[numeral.toLowerCase()] !== undefined ? numeral : null;
}

/**
 * "Quý III/2018" as an OCR misread it ("Quý 1II/2018", "Qu! III/2018", "quý !!! năm 2022") given back: a word that
 * may be "quý" before a quarter and its year is that word, in its case, and the quarter's
 * numeral is mended; anything else stays as read.
 */
export function mendQuarters(text: string): string {
  return text.replace(QUARTER_IN_WORDS, (whole, word: string, space: string, read: string, slash: string, year: string) => {
    const numeral = /^\d{4}$/.test(year) ? quarterNumeral(read) : null;
    if (numeral === null) return whole;
    const quy = word === word.toUpperCase() && word.length > 1 ? 'QUÝ' : word[0] === 'Q' ? 'Quý' : 'quý';
    return quy + space + numeral + slash + year;
  });
}
