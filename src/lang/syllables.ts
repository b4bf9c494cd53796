import { nfc, TONE_MARK } from './fold.js';

/**
 * Vietnamese is written a syllable a word: an onset, a vowel group with at most one tone mark,
 * and a final consonant. The shape alone rules out most English words and OCR garble. Place
 * names of the Central Highlands add a few of their own (Krông, M'Đrắk, Đắk Lắk).
 */
const SHAPE = /^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|kr|đr|[bcdđghklmnprstvx])?([aăâeêioôơuưy]{1,3})(ng|nh|ch|[cmnptk])?$/;
const TONES = new RegExp(TONE_MARK, 'gu');

/** Whether a lower-case word has the shape of a Vietnamese syllable. */
export function isSyllable(word: string): boolean {
  const decomposed = word.normalize('NFD');
  if ((decomposed.match(TONES) ?? []).length > 1) return false;
  // the vowel marks (breve, circumflex, horn) stay; the tone goes
  return SHAPE.test(decomposed.replace(TONES, '').normalize('NFC'));
}

/**
 * A syllable with its tone where administrative texts put it in an open oa, oe or uy: on the first
 * vowel (hòa, khỏe, Ủy), not the second (hoà, khoẻ, Uỷ), as the dictionaries of the other style
 * write them; one spelling, so the counts of both add up. A tone typed on the u of qu or the i of
 * gi (qúy, gía) goes to the vowel after them, where both styles put it (quý, giá).
 */
export function toneOnFirstVowel(syllable: string): string {
  // the u of qu and the i of gi belong to the onset: a tone typed on them (qúy, qủa, gía) is the next vowel's
  const onset = /^(q)u([\u0300\u0301\u0303\u0309\u0323])(\p{L}[\u0302\u0306\u031b]?)|^(g)i([\u0300\u0301\u0303\u0309\u0323])([aeouy][\u0302\u0306\u031b]?)/u;
  const decomposed = syllable.normalize('NFD').replace(onset, (_, q?: string, qTone?: string, qVowel?: string, g?: string, gTone?: string, gVowel?: string) =>
    q ? `${q}u${qVowel}${qTone}` : `${g}i${gVowel}${gTone}`,
  );
  const match = /^(.*?)([ou])([ aey])([\u0300\u0301\u0303\u0309\u0323])$/u.exec(decomposed.replace(/ /g, ''));
  if (!match || !/(oa|oe|uy)$/.test(match[2]! + match[3]!)) return decomposed.normalize('NFC');
  // qu is an onset: in "quý" the tone is on y's own vowel
  if (match[2] === 'u' && match[1]!.endsWith('q')) return decomposed.normalize('NFC');
  return (match[1]! + match[2]! + match[4]! + match[3]!).normalize('NFC');
}

/**
 * An acronym (UBND, HĐND, THPT): capitals only, and no syllable's shape. It stands among
 * syllables as itself, in lower case: "UBND tỉnh", "HĐND huyện" are pairs like any other.
 */
export const isAcronym = (token: string): boolean => /^[A-ZĐ]{2,6}$/.test(token) && !isSyllable(token.toLowerCase());

/** Text most of whose words are syllables or acronyms (UBND, GDNN-GDTX), not marks an OCR made of a rule or a smudge. */
export function isWords(text: string): boolean {
  const tokens = text.split(/\s+/).map((t) => t.replace(/^[^\p{L}\d]+|[^\p{L}\d]+$/gu, '')).filter(Boolean);
  const words = tokens.filter((t) => isSyllable(t.toLowerCase()) || /^[\p{Lu}\d][\p{Lu}\d&.-]+$/u.test(t));
  return words.length > 0 && words.length * 2 >= tokens.length;
}

/** What a number stands as among syllables: "ngày 3 tháng 2" is a pattern of words and numbers. */
export const NUMBER = '<số>';

/** A token that is a number, a date or an amount: 3, 2020, 17/4/2018, 67.309, 0,5. */
export const isNumber = (token: string): boolean => /^\d+([.,/]\d+)*$/.test(token);

/**
 * The runs of syllables a text holds, lower case, numbers among them as NUMBER and acronyms as
 * themselves: anything else (a symbol, punctuation, a foreign word) ends a run.
 */
export function syllablesOf(text: string): string[][] {
  const runs: string[][] = [[]];
  for (const token of nfc(text).split(/(\s+|[^\p{L}\d\s]+)/u)) {
    if (token === '' || /^\s+$/.test(token)) continue;
    const word = toneOnFirstVowel(token.toLowerCase());
    if (isSyllable(word)) runs.at(-1)!.push(word);
    else if (isNumber(token)) runs.at(-1)!.push(NUMBER);
    else if (isAcronym(token)) runs.at(-1)!.push(token.toLowerCase());
    else if (runs.at(-1)!.length > 0) runs.push([]);
  }
  return runs.filter((run) => run.some((s) => s !== NUMBER));
}

/**
 * Whether the word after this one (on the same line) opens a sentence, where a capital says
 * nothing: after a sentence's end, a list's dash or letter ("-", "a)", "3."), or at a line's start
 * (undefined), since headings and list items start lines.
 */
export const opensSentence = (previous: string | undefined): boolean =>
  previous === undefined || !/[\p{L}\d]/u.test(previous) || /[.!?:;…]["'”’)]*$/u.test(previous) || /^[\p{L}\d]{1,2}\)$/u.test(previous);

/**
 * The syllable a word inside a sentence stands for when it is written with a capital first letter
 * (Sở, Lê, An: the names of bodies, people and places), lower case and in the tone placement the
 * counts use; undefined for any other word.
 */
export function capitalisedSyllable(core: string): string | undefined {
  if (!/^\p{Lu}\p{Ll}*$/u.test(core)) return undefined;
  const word = toneOnFirstVowel(core.toLowerCase());
  return isSyllable(word) ? word : undefined;
}
